import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { UserDetailDto } from '../dto/user.dto';

export const ACCOUNT_CHANGE_KINDS = [
  'create_user',
  'add_role',
  'reset_password',
  'reset_mfa',
  'change_email',
] as const;
export type AccountChangeKind = (typeof ACCOUNT_CHANGE_KINDS)[number];

/** What an administrator's call answers when the change waits for confirmation: never a secret. */
export class PendingAccountChangeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ACCOUNT_CHANGE_KINDS }) kind!: string;
  @ApiProperty({ enum: ['pending', 'confirmed', 'rejected', 'expired'] }) status!: string;
}

/** A change as its confirmer sees it. */
export class AccountChangeDto extends PendingAccountChangeDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ type: [String], description: 'The case-reading roles to give (create_user, add_role)' })
  roles!: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'change_email: the new work e-mail; create_user: the one given at creation',
  })
  email!: string | null;
  @ApiProperty({ format: 'uuid' }) requestedBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() expiresAt!: string;
}

export class AccountChangeListDto {
  @ApiProperty({ type: [AccountChangeDto] }) items!: AccountChangeDto[];
}

/** The confirmer's answer: the temporary password, shown this once, to hand to the user in person. */
export class ConfirmedAccountChangeDto extends PendingAccountChangeDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Shown once: the temporary password to hand over in person (reset_password, and a first case-reading role)',
  })
  temporaryPassword!: string | null;
}

export class AccountChangeIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be an account change id' })
  id!: string;
}

/** A user as an admin's create or change left her, with the changes still waiting for confirmation. */
export class UserWithPendingChangesDto extends UserDetailDto {
  @ApiProperty({ type: [PendingAccountChangeDto], required: false })
  pendingChanges?: PendingAccountChangeDto[];
}

/** Someone a supervisor may assign a case to: nothing more than this. */
export class AssignableUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
}

export class AssignableUserListDto {
  @ApiProperty({ type: [AssignableUserDto] }) items!: AssignableUserDto[];
}
