import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '../../platform/http';
import { CaseFileAccess } from './case-file-access';
import { NoteDto } from './dto/case-file.dto';
import { CaseStateRepository } from './repositories/case-state.repository';
import { NoteRepository } from './repositories/note.repository';

/** The case's notes: free text stored encrypted; adding and reading are audited in the transaction. */
@Injectable()
export class CaseNotesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly file: CaseFileAccess,
    private readonly notes: NoteRepository,
    private readonly cases: CaseStateRepository,
  ) {}

  async add(actor: Actor, id: string, text: string): Promise<NoteDto> {
    await this.file.guard(actor, id, 'case.update');
    return this.dataSource.transaction(async (m) => {
      const note = await this.notes.insert(m, { caseId: id, text, createdBy: actor.user.id });
      await this.cases.touch(m, id);
      await this.file.record(m, actor, id, 'case.note_added');
      return { id: note.id, text, createdBy: actor.user.id, createdAt: note.createdAt.toISOString() };
    });
  }

  async list(actor: Actor, id: string): Promise<NoteDto[]> {
    await this.file.guard(actor, id, 'case.read');
    return this.dataSource.transaction(async (m) => {
      const notes = await this.notes.listForCase(m, id);
      await this.file.record(m, actor, id, 'case.notes_read');
      return notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() }));
    });
  }
}
