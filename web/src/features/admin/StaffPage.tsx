import { type StaffRole, staffRoleNames } from '@vitalbase/core/staff';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, formValues, SelectField, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useGrantRole, useRevokeRole, useStaff } from './queries';

/**
 * Staff roles (operator admin): who holds which role, grant one to an account by its email, revoke
 * one. Every change is in the staff member's audit trail; the last operator admin keeps the role.
 */
export function StaffPage() {
  const { t } = useTranslation();
  useTitle(t('admin.staff.title'));
  const staff = useStaff();
  const grant = useGrantRole();
  const revoke = useRevokeRole();
  const onGrant = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    grant.mutate({ email: v.email ?? '', role: v.role as StaffRole }, { onSuccess: () => form.reset() });
  };
  return (
    <section className="card">
      <h1>{t('admin.staff.title')}</h1>
      <FormError error={staff.error ?? revoke.error} />
      <ul className="staff-list">
        {staff.data?.staff.map((s) => (
          <li key={s.userId}>
            <strong>{s.displayName}</strong> · {s.email}
            <ul className="role-chips">
              {s.roles.map((r) => (
                <li key={r.role}>
                  {t(`admin.roles.${r.role}`)}{' '}
                  <button
                    type="button"
                    className="button"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate({ userId: s.userId, role: r.role })}
                    aria-label={t('admin.staff.revokeLabel', {
                      role: t(`admin.roles.${r.role}`),
                      name: s.displayName,
                    })}
                  >
                    {t('admin.staff.revoke')}
                  </button>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <h2>{t('admin.staff.grant')}</h2>
      <form onSubmit={onGrant}>
        <Field name="email" type="email" label={t('admin.staff.email')} required autoComplete="off" />
        <SelectField name="role" label={t('admin.staff.role')} defaultValue="support">
          {staffRoleNames.map((role) => (
            <option key={role} value={role}>
              {t(`admin.roles.${role}`)}
            </option>
          ))}
        </SelectField>
        <FormError error={grant.error} />
        <SubmitButton busy={grant.isPending}>{t('admin.staff.grantButton')}</SubmitButton>
      </form>
    </section>
  );
}
