import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth-user.js';
import { DataSubjectParams, EraseDataSubjectDto } from './data-subject.dto.js';
import { DataSubjects } from './data-subjects.service.js';
import type { AuditedRequest } from './read-audit.interceptor.js';

/** Erasure and subject access (UK GDPR articles 17 and 15), for admins only. */
@ApiTags('data protection')
@ApiBearerAuth()
@Controller('data-subjects')
export class DataSubjectsController {
  constructor(private readonly subjects: DataSubjects) {}

  /** Deletes the keys of everything personal held about an SLE or user (found by id or email). */
  @Roles('admin')
  @Post(':id/erasure')
  @HttpCode(200)
  async erase(@Param() { id }: DataSubjectParams, @Body() body: EraseDataSubjectDto, @CurrentUser() user: AuthUser) {
    const person = await this.subjects.find(id);
    const erased = await this.subjects.erase(person, { reason: body.reason, force: body.force ?? false }, user.userId);
    return { person: person.of, ...erased };
  }

  /** One JSON of everything held about the person, and nothing about anyone else. */
  @Roles('admin')
  @Get(':id/export')
  async export(@Param() { id }: DataSubjectParams, @Req() request: AuditedRequest) {
    const person = await this.subjects.find(id);
    // Audited by id: an email given to find them is not kept in the audit.
    request.auditSubject = `${person.of.kind}:${person.of.id}`;
    return this.subjects.export(person);
  }
}
