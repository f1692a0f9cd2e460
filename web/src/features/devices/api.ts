import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

/** Answers of the devices and household API (docs/api-devices.md). */
export interface Device {
  id: string;
  name: string;
  kind: string;
  modelName: string;
  serial: string;
  firmware: { current: string; latest: string; updateAvailable: boolean; updateRequired: boolean };
  battery: number | null;
  lastSyncAt: string | null;
  status: 'paired' | 'unpaired';
  sharedWithHousehold: boolean;
}
export interface Household {
  household: { name: string; members: Array<{ userId: string; displayName: string; status: string }> } | null;
  memberships: Array<{
    ownerUserId: string;
    householdName: string;
    ownerDisplayName: string;
    status: string;
  }>;
}
export interface InboxItem {
  id: string;
  reason: 'ambiguous' | 'unmatched';
  takenAt: string;
  weightKg: number;
}

export const devicesKey = ['devices'] as const;
export const householdKey = ['household'] as const;

export const useDevices = () =>
  useQuery({ queryKey: devicesKey, queryFn: () => api<Device[]>('GET', '/api/devices') });
export const useHousehold = () =>
  useQuery({ queryKey: householdKey, queryFn: () => api<Household>('GET', '/api/household') });
export const useInbox = () =>
  useQuery({
    queryKey: [...householdKey, 'inbox'],
    queryFn: () => api<InboxItem[]>('GET', '/api/household/inbox'),
  });
