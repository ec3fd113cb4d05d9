import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { Roles } from '../auth/auth-user.js';
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

/** Who read which school's or person's data (newest first, at most 1,000 reads). */
@ApiTags('data protection')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: ReadAudit) {}

  @Roles('admin')
  @Get('reads')
  reads(@Query() query: ReadAuditQuery): AuditedRead[] {
    return this.audit.query({ subject: query.subject, userId: query.user, from: query.from, to: query.to });
  }
}
