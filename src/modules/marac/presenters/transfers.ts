import * as labels from '../labels.ts';
import type * as service from '../service.ts';

// Transfers between partnerships' MARACs -> the coordinator's list and one package received.

export const transferList = (data: Awaited<ReturnType<typeof service.transfers>>, sent: string | undefined) => ({
  title: 'MARAC transfers',
  section: 'marac',
  ...data,
  labels,
  sent,
});

export const transferReceived = (transfer: NonNullable<Awaited<ReturnType<typeof service.getTransferIn>>>) => ({
  title: 'MARAC transfer received',
  section: 'marac',
  transfer,
  labels,
});
