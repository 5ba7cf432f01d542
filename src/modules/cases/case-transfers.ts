import type { AccessService } from '../access';
import type { CaseClosureRegistry } from './case-closure';
import { CASE_TRANSFER_RESOURCE } from './case-transfer.resource';
import { CaseTransfersController, TransfersController } from './case-transfers.controller';
import { CaseTransfersService } from './case-transfers.service';
import { TransfersHandlers } from './jobs/transfers.handlers';
import { CaseTransferRepository } from './repositories/case-transfer.repository';
import { TransferClosure } from './transfer-closure';
import './transfers.errors';
import './transfers.personal-data';

/** The transfers' part of the cases module (docs/ARCHITECTURE.md "Transfers"), listed in cases.module.ts. */
export const TRANSFER_CONTROLLERS = [CaseTransfersController, TransfersController];
export const TRANSFER_PROVIDERS = [
  CaseTransfersService,
  CaseTransferRepository,
  TransfersHandlers,
  TransferClosure,
];

/** The transfer resource for the access rules, and a waiting transfer as a closure blocker. */
export function registerTransfers(
  access: AccessService,
  closures: CaseClosureRegistry,
  closure: TransferClosure,
): void {
  access.registerResource(CASE_TRANSFER_RESOURCE);
  closures.register(closure);
}
