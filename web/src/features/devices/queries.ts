import type { CredentialAnswer, Device, Household, InboxItem } from '@vitalbase/core/devices';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { healthKey } from '../health/queries';

export type { Device, Household, InboxItem };

const devicesKey = ['devices'] as const;
const householdKey = ['household'] as const;
const inboxKey = [...householdKey, 'inbox'] as const;

export const useDevices = () =>
  useQuery({ queryKey: devicesKey, queryFn: () => api<Device[]>('GET', '/api/devices') });
export const useHousehold = () =>
  useQuery({ queryKey: householdKey, queryFn: () => api<Household>('GET', '/api/household') });
export const useInbox = () =>
  useQuery({ queryKey: inboxKey, queryFn: () => api<InboxItem[]>('GET', '/api/household/inbox') });

function useRefresh(...keys: ReadonlyArray<readonly string[]>) {
  const queryClient = useQueryClient();
  return () => {
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  };
}

export function useUnpairDevice(id: string) {
  const onSuccess = useRefresh(devicesKey);
  return useMutation({ mutationFn: () => api('DELETE', `/api/devices/${id}`), onSuccess });
}

export function usePairDevice() {
  const onSuccess = useRefresh(devicesKey);
  return useMutation({
    mutationFn: (body: { serial?: string; claimCode?: string; name?: string }) =>
      api<CredentialAnswer>('POST', '/api/devices/pair', body),
    onSuccess,
  });
}

/** Creates my household, or renames it (members see the new name, on their shared scale too). */
export function useCreateHousehold() {
  const onSuccess = useRefresh(householdKey, devicesKey);
  return useMutation({ mutationFn: (name: string) => api('PUT', '/api/household', { name }), onSuccess });
}

/** A member leaves a household (or declines its invitation): its shared scale leaves their devices. */
export function useLeaveHousehold() {
  const onSuccess = useRefresh(householdKey, devicesKey);
  return useMutation({
    mutationFn: (ownerId: string) => api('DELETE', `/api/household/memberships/${ownerId}`),
    onSuccess,
  });
}

/** The owner removes a member (or withdraws an invitation). */
export function useRemoveHouseholdMember() {
  const onSuccess = useRefresh(householdKey);
  return useMutation({
    mutationFn: (userId: string) => api('DELETE', `/api/household/members/${userId}`),
    onSuccess,
  });
}

export function useInviteToHousehold() {
  const onSuccess = useRefresh(householdKey);
  return useMutation({
    mutationFn: (email: string) => api('POST', '/api/household/invitations', { email }),
    onSuccess,
  });
}

export function useAcceptHousehold() {
  const onSuccess = useRefresh(householdKey, devicesKey);
  return useMutation({
    mutationFn: (ownerId: string) => api('POST', `/api/household/memberships/${ownerId}/accept`),
    onSuccess,
  });
}

/** A claimed weigh-in becomes the user's reading: the inbox and the health data both change. */
export function useClaimInboxItem() {
  const onSuccess = useRefresh(householdKey, healthKey);
  return useMutation({
    mutationFn: (id: string) => api('POST', `/api/household/inbox/${id}/claim`),
    onSuccess,
  });
}

export function useDiscardInboxItem() {
  const onSuccess = useRefresh(householdKey, healthKey);
  return useMutation({ mutationFn: (id: string) => api('DELETE', `/api/household/inbox/${id}`), onSuccess });
}
