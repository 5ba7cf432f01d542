import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

/**
 * The survivor of a case. Personal data is encrypted field by field (`*_enc`, context
 * "survivors.<column>"); exact-match search goes through blind indexes; the statistics columns are clear.
 */
@Entity({ name: 'survivors' })
// A GIN index over phone_indexes, created by the migration (TypeORM cannot describe its method).
@Index('survivors_phone_indexes_idx', { synchronize: false })
export class SurvivorEntity {
  @PrimaryColumn('uuid', { name: 'case_id', primaryKeyConstraintName: 'survivors_pk' })
  caseId!: string;

  @OneToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'survivors_case_fk' })
  case?: CaseEntity;

  @Column('text', { name: 'full_name_enc', nullable: true })
  fullNameEnc!: string | null;

  /** The phone numbers (E.164) as one encrypted JSON array. */
  @Column('text', { name: 'phones_enc', nullable: true })
  phonesEnc!: string | null;

  @Column('text', { name: 'phone_indexes', array: true, default: () => "'{}'" })
  phoneIndexes!: string[];

  @Column('text', { name: 'sex' })
  sex!: string;

  @Column('text', { name: 'birth_year_enc', nullable: true })
  birthYearEnc!: string | null;

  @Column('text', { name: 'date_of_birth_enc', nullable: true })
  dateOfBirthEnc!: string | null;

  @Column('text', { name: 'age_group', nullable: true })
  ageGroup!: string | null;

  @Column('text', { name: 'national_id_enc', nullable: true })
  nationalIdEnc!: string | null;

  @Index('survivors_national_id_index_idx')
  @Column('text', { name: 'national_id_index', nullable: true })
  nationalIdIndex!: string | null;

  @Index('survivors_name_birth_year_index_idx')
  @Column('text', { name: 'name_birth_year_index', nullable: true })
  nameBirthYearIndex!: string | null;

  @Column('text', { name: 'commune_code', nullable: true })
  communeCode!: string | null;

  @Column('text', { name: 'address_detail_enc', nullable: true })
  addressDetailEnc!: string | null;

  @Column('boolean', { name: 'disability', nullable: true })
  disability!: boolean | null;

  @Column('boolean', { name: 'ethnic_minority', nullable: true })
  ethnicMinority!: boolean | null;

  @Column('text', { name: 'marital_status', nullable: true })
  maritalStatus!: string | null;

  @Column('text', { name: 'occupation_group', nullable: true })
  occupationGroup!: string | null;

  /** { fullName, phone } as one encrypted JSON value. */
  @Column('text', { name: 'guardian_enc', nullable: true })
  guardianEnc!: string | null;

  @Column('text', { name: 'guardian_phone_index', nullable: true })
  guardianPhoneIndex!: string | null;

  @Column('boolean', { name: 'can_call', nullable: true })
  canCall!: boolean | null;

  @Column('boolean', { name: 'can_text', nullable: true })
  canText!: boolean | null;

  @Column('boolean', { name: 'can_leave_message', nullable: true })
  canLeaveMessage!: boolean | null;

  @Column('boolean', { name: 'phone_shared_with_perpetrator', nullable: true })
  phoneSharedWithPerpetrator!: boolean | null;

  @Column('text', { name: 'safe_times_enc', nullable: true })
  safeTimesEnc!: string | null;

  @Column('text', { name: 'code_word_enc', nullable: true })
  codeWordEnc!: string | null;

  @Column('text', { name: 'safe_contact_notes_enc', nullable: true })
  safeContactNotesEnc!: string | null;
}
