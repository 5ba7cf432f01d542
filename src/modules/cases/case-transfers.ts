import type { AccessService } from '../access';
import { CASE_TRANSFER_RESOURCE } from './case-transfer.resource';
import { CaseTransfersController, TransfersController } from './case-transfers.controller';
import { CaseTransfersService } from './case-transfers.service';
import { TransfersHandlers } from './jobs/transfers.handlers';
import { CaseTransferRepository } from './repositories/case-transfer.repository';
import './transfers.errors';
import './transfers.personal-data';

/** The transfers' part of the cases module (docs/ARCHITECTURE.md "Transfers"), listed in cases.module.ts. */
export const TRANSFER_CONTROLLERS = [CaseTransfersController, TransfersController];
export const TRANSFER_PROVIDERS = [CaseTransfersService, CaseTransferRepository, TransfersHandlers];

export function registerTransfers(access: AccessService): void {
  access.registerResource(CASE_TRANSFER_RESOURCE);
}
