import type { ClinicRole } from '@vitalbase/core';

const signature = '\n\n— Vitalbase';
const roleNames: Record<ClinicRole, string> = {
  clinic_admin: 'clinic administrator',
  clinician: 'clinician',
  care_coordinator: 'care coordinator',
};

/** The mails of the clinics feature: links and names only, never health data. */
export const clinicMails = {
  staffInvitation: (clinicName: string, role: ClinicRole, link: string, code: string) => ({
    subject: `You are invited to join ${clinicName} on Vitalbase`,
    text: `Hello,\n\n${clinicName} invites you to join its care team on Vitalbase as ${roleNames[role]}.\n\nOpen this link within 7 days and sign in with this email address (or create an account with it) to accept:\n\n${link}\n\nInvitation code: ${code}\n\nClinic pages need a second factor (an authenticator app or a passkey): you will be asked to set one up.\n\nIf you did not expect this invitation, ignore this message.${signature}`,
  }),
  patientInvitation: (clinicName: string, link: string, code: string) => ({
    subject: `${clinicName} invites you to share your readings`,
    text: `Hello,\n\n${clinicName} invites you to its remote monitoring programme on Vitalbase.\n\nOpen this link within 30 days to read the programme's terms, choose what you share and accept (you can stop sharing at any time from your privacy center):\n\n${link}\n\nEnrolment code: ${code}\n\nIf you did not expect this invitation, ignore this message: nothing is shared unless you accept.${signature}`,
  }),
  /** An urgent alert nobody acknowledged: no patient, no value, only the count and the queue's link. */
  alertEscalation: (clinicName: string, count: number, minutes: number, link: string) => ({
    subject: `${clinicName}: ${count === 1 ? 'an urgent alert' : `${count} urgent alerts`} not acknowledged`,
    text: `Hello,\n\n${count === 1 ? 'An urgent alert' : `${count} urgent alerts`} of ${clinicName} ${count === 1 ? 'has' : 'have'} not been acknowledged within ${minutes} minutes.\n\nOpen the alert queue to acknowledge ${count === 1 ? 'it' : 'them'}:\n\n${link}\n\nYou receive this message as an administrator or clinician of ${clinicName}.${signature}`,
  }),
};
