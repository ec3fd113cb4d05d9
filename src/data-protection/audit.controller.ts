import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { Roles } from '../auth/auth-user.js';
import { ReadModels } from '../read-models/read-models.js';
import { AccountDirectory } from '../users/account-directory.js';
import { IsIsoDate, IsOptionalText } from '../shared/validation.js';
import { ReadAudit, type AuditedRead } from './read-audit.js';

export class ReadAuditQuery {
  @IsOptionalText(400, {
    example: 'school:100001',
    description:
      'Whose data: school:{urn}, sle:{id}, deployment:{id}, user:{id}, person:{id or email}, or a list or report',
  })
  subject?: string;
  @IsOptionalText(100, { description: 'The id of the user who read' }) user?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsIsoDate({ required: false }) from?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsIsoDate({ required: false }) to?: string;
}

/** A read as the audit answers it: with the reader's name and the name of whose data it was, as held now. */
export interface AuditedReadShown extends AuditedRead {
  readerName: string | null;
  subjectName: string | null;
}

/** Who read which school's or person's data (newest first, at most 1,000 reads). */
@ApiTags('data protection')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: ReadAudit,
    private readonly views: ReadModels,
    private readonly directory: AccountDirectory,
  ) {}

  @Roles('admin')
  @Get('reads')
  async reads(@Query() query: ReadAuditQuery): Promise<AuditedReadShown[]> {
    const reads = this.audit.query({ subject: query.subject, userId: query.user, from: query.from, to: query.to });
    await Promise.all([this.views.catchUp(), this.directory.catchUp()]);
    return reads.map((read) => ({
      ...read,
      readerName: this.accountName(read.userId),
      subjectName: this.nameOf(read.subject),
    }));
  }

  private accountName(userId: string): string | null {
    const account = this.directory.get(userId);
    return account ? (account.name ?? account.email) : null;
  }

  /** The name of an SLE, a school or an account the audit names (`[erased]` once erased); null for the rest. */
  private nameOf(subject: string): string | null {
    const at = subject.indexOf(':');
    const [kind, id] = [subject.slice(0, at), subject.slice(at + 1)];
    if (kind === 'sle') return this.views.sles.get(id)?.name ?? null;
    if (kind === 'school') return this.views.schools.get(id)?.name ?? null;
    if (kind === 'user') return this.accountName(id);
    return null;
  }
}
