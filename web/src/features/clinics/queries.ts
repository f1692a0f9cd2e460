import type {
  Clinic,
  ClinicBackendClientBody,
  ClinicBackendClientView,
  ClinicPatientDetail,
  ClinicRole,
  EnrolmentAccept,
  InvitationCreated,
  InvitationView,
  PatientFilter,
  PatientInvitationList,
  PatientPage,
  PatientSort,
  Sharing,
  StaffList,
} from '@vitalbase/core/clinics';
import type { ClinicDevice } from '@vitalbase/core/clinic-devices';
import type { AlertPage, ClinicAlert, Threshold } from '@vitalbase/core/clinic-monitoring';
import type {
  AlertAssignees,
  ClinicWebhook,
  MonthlyReport,
  PatientNote,
  TimeEntry,
  TimeLog,
} from '@vitalbase/core/clinic-care';
import type { ReadingOut } from '@vitalbase/core/health-data/api';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client';

/** The clinics feature's keys and hooks (issue #15): staff pages, invitations, the patient's sharing. */
const keys = {
  mine: ['clinics'] as const,
  clinic: (id: string) => ['clinics', id] as const,
  staff: (id: string) => ['clinics', id, 'staff'] as const,
  patients: (id: string, list: object) => ['clinics', id, 'patients', list] as const,
  patient: (id: string, patientId: string) => ['clinics', id, 'patient', patientId] as const,
  readings: (id: string, patientId: string, metric: string) =>
    ['clinics', id, 'patient', patientId, 'readings', metric] as const,
  invitation: (code: string) => ['clinic-invitation', code] as const,
  sharing: ['me', 'clinics'] as const,
};

/** The invitation's code travels in a header, never in a URL. */
const withCode = (code: string) => ({ headers: { 'x-invitation-code': code } });

export function useMyClinics() {
  return useQuery({
    queryKey: keys.mine,
    queryFn: () =>
      api<{ clinics: Array<{ id: string; name: string; role: ClinicRole }> }>('GET', '/api/clinics'),
    retry: false,
  });
}

export function useClinic(id: string) {
  return useQuery({
    queryKey: keys.clinic(id),
    queryFn: () => api<Clinic>('GET', `/api/clinics/${id}`),
    retry: false,
  });
}

export function useStaff(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.staff(id),
    queryFn: () => api<StaffList>('GET', `/api/clinics/${id}/staff`),
    enabled,
  });
}

export function useInviteStaff(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; role: ClinicRole }) =>
      api<InvitationCreated>('POST', `/api/clinics/${id}/staff/invitations`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.staff(id) }),
  });
}

export function useRemoveStaff(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api('DELETE', `/api/clinics/${id}/staff/${userId}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.staff(id) }),
  });
}

export function useInvitePatient(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email?: string }) =>
      api<InvitationCreated>('POST', `/api/clinics/${id}/patient-invitations`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['clinics', id, 'patient-invitations'] }),
  });
}

export function usePatients(id: string, list: { search: string; sort: PatientSort; filter: PatientFilter }) {
  return useInfiniteQuery({
    queryKey: keys.patients(id, list),
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams({ limit: '25', sort: list.sort, filter: list.filter });
      if (list.search) q.set('search', list.search);
      if (pageParam) q.set('cursor', pageParam);
      return api<PatientPage>('GET', `/api/clinics/${id}/patients?${q}`);
    },
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

export function usePatient(id: string, patientId: string) {
  return useQuery({
    queryKey: keys.patient(id, patientId),
    queryFn: () => api<ClinicPatientDetail>('GET', `/api/clinics/${id}/patients/${patientId}`),
    retry: false,
  });
}

/** The last 90 days of one metric's readings (the newest page). */
export function usePatientReadings(id: string, patientId: string, metric: string) {
  return useQuery({
    queryKey: keys.readings(id, patientId, metric),
    queryFn: () => {
      const to = new Date(Date.now() + 60_000);
      const from = new Date(to.getTime() - 90 * 86_400_000);
      const q = new URLSearchParams({ metric, from: from.toISOString(), to: to.toISOString(), limit: '200' });
      return api<{ items: ReadingOut[] }>('GET', `/api/clinics/${id}/patients/${patientId}/readings?${q}`);
    },
    retry: false,
  });
}

export function useInvitation(code: string | null) {
  return useQuery({
    queryKey: keys.invitation(code ?? ''),
    queryFn: () => api<InvitationView>('GET', '/api/clinic-invitations', undefined, withCode(code ?? '')),
    enabled: !!code,
    retry: false,
  });
}

export function useAcceptStaff() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) =>
      api<{ clinicId: string; clinicName: string }>(
        'POST',
        '/api/clinic-invitations/staff/accept',
        {},
        withCode(code),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.mine }),
  });
}

export function useAcceptEnrolment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: EnrolmentAccept }) =>
      api<{ clinicId: string; clinicName: string }>(
        'POST',
        '/api/clinic-invitations/patient/accept',
        body,
        withCode(code),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.sharing }),
  });
}

/** A parent accepts for their minor child: the guardian link's token and the clinic's code, in headers. */
export function useAcceptEnrolmentAsGuardian(guardianToken: string) {
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: EnrolmentAccept }) =>
      api<{ clinicId: string; clinicName: string }>(
        'POST',
        '/api/clinic-invitations/patient/accept-as-guardian',
        body,
        { headers: { 'x-invitation-code': code, 'x-guardian-token': guardianToken } },
      ),
  });
}

export function useMySharing() {
  return useQuery({
    queryKey: keys.sharing,
    queryFn: () => api<{ sharing: Sharing[] }>('GET', '/api/me/clinics'),
  });
}

export function useStopSharing() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (clinicId: string) => api('DELETE', `/api/me/clinics/${clinicId}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.sharing });
      void qc.invalidateQueries({ queryKey: ['me', 'access-log'] });
    },
  });
}

// Monitoring (issue #15): the alert queue and a patient's thresholds.

const alertKeys = {
  queue: (id: string, state: string) => ['clinics', id, 'alerts', state] as const,
  thresholds: (id: string, patientId: string) => ['clinics', id, 'patient', patientId, 'thresholds'] as const,
};

export function useAlerts(id: string, state: string) {
  return useInfiniteQuery({
    queryKey: alertKeys.queue(id, state),
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams({ state, limit: '25' });
      if (pageParam) q.set('cursor', pageParam);
      return api<AlertPage>('GET', `/api/clinics/${id}/alerts?${q}`);
    },
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

/** Acknowledge or resolve (with a note) one alert; the queue is read again. */
export function useAlertAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { alert: ClinicAlert; action: 'acknowledge' | 'resolve'; note?: string }) =>
      api<ClinicAlert>(
        'POST',
        `/api/clinics/${id}/patients/${a.alert.patientId}/alerts/${a.alert.id}/${a.action}`,
        a.action === 'resolve' ? { note: a.note } : {},
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['clinics', id, 'alerts'] }),
  });
}

export function useThresholds(id: string, patientId: string) {
  return useQuery({
    queryKey: alertKeys.thresholds(id, patientId),
    queryFn: () =>
      api<{ thresholds: Threshold[] }>('GET', `/api/clinics/${id}/patients/${patientId}/thresholds`),
    retry: false,
  });
}

export function useSetThreshold(id: string, patientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { metric: string; body: { preset: string } | { limits: Record<string, number> } }) =>
      api<{ thresholds: Threshold[] }>(
        'PUT',
        `/api/clinics/${id}/patients/${patientId}/thresholds/${a.metric}`,
        a.body,
      ),
    onSuccess: (data) => qc.setQueryData(alertKeys.thresholds(id, patientId), data),
  });
}

/** The clinic's device stock (administrators). */
const deviceKeys = {
  stock: (id: string) => ['clinics', id, 'devices'] as const,
  invitations: (id: string) => ['clinics', id, 'patient-invitations'] as const,
};

export function useClinicDevices(id: string, enabled = true) {
  return useQuery({
    queryKey: deviceKeys.stock(id),
    queryFn: () => api<{ devices: ClinicDevice[] }>('GET', `/api/clinics/${id}/devices`),
    retry: false,
    enabled,
  });
}

export function useRegisterDevice(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { serial: string; claimCode: string; cellular: boolean }) =>
      api<ClinicDevice>('POST', `/api/clinics/${id}/devices`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: deviceKeys.stock(id) }),
  });
}

/** A new patient invitation (its code printed for the patient) with the unit reserved for it. */
export function useReserveDevice(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (unitId: string) => {
      const invitation = await api<InvitationCreated>('POST', `/api/clinics/${id}/patient-invitations`, {});
      const device = await api<ClinicDevice>('POST', `/api/clinics/${id}/devices/${unitId}/assign`, {
        invitationId: invitation.id,
      });
      return { invitation, device };
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: deviceKeys.stock(id) }),
  });
}

/** The patient invitations still open, with the units reserved for each (staff with `patients`). */
export function usePatientInvitations(id: string) {
  return useQuery({
    queryKey: deviceKeys.invitations(id),
    queryFn: () => api<PatientInvitationList>('GET', `/api/clinics/${id}/patient-invitations`),
    retry: false,
  });
}

/** A unit of the stock reserved for an invitation that already exists (sent earlier). */
export function useAssignDevice(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { unitId: string; invitationId: string }) =>
      api<ClinicDevice>('POST', `/api/clinics/${id}/devices/${a.unitId}/assign`, {
        invitationId: a.invitationId,
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: deviceKeys.stock(id) });
      void qc.invalidateQueries({ queryKey: deviceKeys.invitations(id) });
    },
  });
}

export function useReturnDevice(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (unitId: string) =>
      api<ClinicDevice>('POST', `/api/clinics/${id}/devices/${unitId}/return`, {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: deviceKeys.stock(id) }),
  });
}

// The care team's records (issue #15): time log, notes, the monthly report, escalation settings.

const careKeys = {
  timeLog: (id: string, patientId: string, month: string) =>
    ['clinics', id, 'patient', patientId, 'time-log', month] as const,
  notes: (id: string, patientId: string) => ['clinics', id, 'patient', patientId, 'notes'] as const,
  report: (id: string, patientId: string | undefined, month: string) =>
    ['clinics', id, 'report', patientId ?? 'all', month] as const,
  assignees: (id: string) => ['clinics', id, 'alert-assignees'] as const,
};

export function useTimeLog(id: string, patientId: string, month: string) {
  return useQuery({
    queryKey: careKeys.timeLog(id, patientId, month),
    queryFn: () => api<TimeLog>('GET', `/api/clinics/${id}/patients/${patientId}/time-log?month=${month}`),
    retry: false,
  });
}

type TimeAction =
  | { kind: 'add'; body: { day: string; minutes: number; interactive: boolean; note: string } }
  | { kind: 'start'; body: { interactive: boolean; note: string } }
  | { kind: 'stop'; entryId: string }
  | { kind: 'delete'; entryId: string };

/** Every change of the time log (add, start, stop, delete); the log is read again after. */
export function useTimeLogAction(id: string, patientId: string) {
  const qc = useQueryClient();
  const base = `/api/clinics/${id}/patients/${patientId}/time-log`;
  return useMutation({
    mutationFn: (a: TimeAction) => {
      if (a.kind === 'add') return api<TimeEntry>('POST', base, a.body);
      if (a.kind === 'start') return api<TimeEntry>('POST', `${base}/timer`, a.body);
      if (a.kind === 'stop') return api<TimeEntry>('POST', `${base}/${a.entryId}/stop`, {});
      return api('DELETE', `${base}/${a.entryId}`);
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['clinics', id, 'patient', patientId, 'time-log'] }),
  });
}

export function useNotes(id: string, patientId: string) {
  return useQuery({
    queryKey: careKeys.notes(id, patientId),
    queryFn: () => api<{ notes: PatientNote[] }>('GET', `/api/clinics/${id}/patients/${patientId}/notes`),
    retry: false,
  });
}

export function useAddNote(id: string, patientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      api<PatientNote>('POST', `/api/clinics/${id}/patients/${patientId}/notes`, { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: careKeys.notes(id, patientId) }),
  });
}

/** The API path of a monthly report: the clinic's, or one patient's. */
export function reportPath(id: string, patientId: string | undefined, month: string, csv = false) {
  const of = patientId ? `/patients/${patientId}` : '';
  return `/api/clinics/${id}${of}/report${csv ? '.csv' : ''}?month=${month}`;
}

export function useReport(id: string, patientId: string | undefined, month: string) {
  return useQuery({
    queryKey: careKeys.report(id, patientId, month),
    queryFn: () => api<MonthlyReport>('GET', reportPath(id, patientId, month)),
    retry: false,
  });
}

export function useUpdateClinic(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { escalationMinutes: number }) => api<Clinic>('PATCH', `/api/clinics/${id}`, body),
    onSuccess: (data) => qc.setQueryData(keys.clinic(id), data),
  });
}

export function useClinicWebhook(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { url: string; rotateSecret: boolean } | null) =>
      body
        ? api<ClinicWebhook>('PUT', `/api/clinics/${id}/webhook`, body)
        : api('DELETE', `/api/clinics/${id}/webhook`).then(() => undefined),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.clinic(id) }),
  });
}

export function useAlertAssignees(id: string) {
  return useQuery({
    queryKey: careKeys.assignees(id),
    queryFn: () => api<AlertAssignees>('GET', `/api/clinics/${id}/alert-assignees`),
  });
}

export function useAssignAlert(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { alert: ClinicAlert; assigneeId: string | null }) =>
      api<ClinicAlert>(
        'POST',
        `/api/clinics/${id}/patients/${a.alert.patientId}/alerts/${a.alert.id}/assign`,
        { assigneeId: a.assigneeId },
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['clinics', id, 'alerts'] }),
  });
}

// The clinic's EHR (SMART Backend Services, issue #15): its client, registered by a clinic_admin.

const ehrKey = (id: string) => ['clinics', id, 'backend-client'] as const;

/** The registered client, or null when the clinic has none yet (the API answers 404). */
export function useBackendClient(id: string) {
  return useQuery({
    queryKey: ehrKey(id),
    queryFn: () =>
      api<ClinicBackendClientView>('GET', `/api/clinics/${id}/backend-client`).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }),
    retry: false,
  });
}

/** Registers or replaces the keys (a pasted JWKS, or the URL that serves it), or removes the client (null). */
export function useSetBackendClient(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (keys: ClinicBackendClientBody | null) =>
      keys
        ? api<ClinicBackendClientView>('PUT', `/api/clinics/${id}/backend-client`, keys)
        : api('DELETE', `/api/clinics/${id}/backend-client`).then(() => null),
    onSuccess: (data) => qc.setQueryData(ehrKey(id), data),
  });
}
