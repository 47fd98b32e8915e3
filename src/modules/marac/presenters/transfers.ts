import type * as service from '../service.ts';
import { label } from '../../../platform/language/index.ts';

// Transfers between partnerships' MARACs -> the coordinator's list and one package received.

export const transferList = (data: Awaited<ReturnType<typeof service.transfers>>, sent: string | undefined) => ({
  title: label('marac.transfers.title'),
  section: 'marac',
  ...data,
  sent,
});

export const transferReceived = (transfer: NonNullable<Awaited<ReturnType<typeof service.getTransferIn>>>) => ({
  title: label('marac.transfer.title'),
  section: 'marac',
  transfer,
});
