import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth-user.js';
import { EraseNamedPersonDto, NamedPersonDto } from './data-subject.dto.js';
import { NamedPersons } from './named-persons.js';
import type { AuditedRequest } from './read-audit.interceptor.js';

/** What the read audit keeps of a search by name: not the name, which would outlive an erasure. */
const AUDITED_AS = 'named-person';

/**
 * Subject access and erasure for someone held only as a name in text (school staff named in notes, attendees
 * typed in), for admins only. POST throughout, so that the name travels in the body.
 */
@ApiTags('data protection')
@ApiBearerAuth()
@Controller('named-persons')
export class NamedPersonsController {
  constructor(private readonly named: NamedPersons) {}

  /** The records whose text names the person: what an erasure would take. */
  @Roles('admin')
  @Post('search')
  @HttpCode(200)
  async search(@Body() { name }: NamedPersonDto, @Req() request: AuditedRequest) {
    request.auditSubject = AUDITED_AS;
    return { records: await this.named.recordsNaming(name) };
  }

  /** Every event naming the person, with everyone else's text withheld. */
  @Roles('admin')
  @Post('export')
  @HttpCode(200)
  export(@Body() { name }: NamedPersonDto, @Req() request: AuditedRequest) {
    request.auditSubject = AUDITED_AS;
    return this.named.export(name);
  }

  /** Erases the records naming the person (all, or those chosen). */
  @Roles('admin')
  @Post('erasure')
  @HttpCode(200)
  erase(@Body() body: EraseNamedPersonDto, @CurrentUser() user: AuthUser) {
    const { name, reason, records, force = false } = body;
    return this.named.erase(name, { reason, records, force }, user.userId);
  }
}
