import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth-user.js';
import { RedactedOnReplay } from '../idempotency/idempotency.interceptor.js';
import { IMPORT_KINDS, templateCsv, type ImportKind } from './import-kinds.js';
import { ImportInterruptedError, ImportService } from './import.service.js';

export class ImportKindParams {
  @ApiProperty({ enum: IMPORT_KINDS })
  @IsIn(IMPORT_KINDS, { message: `$property must be one of ${IMPORT_KINDS.join(', ')}` })
  kind!: ImportKind;
}

export class ImportCsvDto {
  @ApiProperty({
    description: 'The CSV file, as text (UTF-8)',
    example: 'urn,name,phase,local_authority\n100101,Pioneer Primary School,primary,Buckinghamshire\n',
  })
  @IsString()
  @MaxLength(900_000)
  csv!: string;
}

/** Bring records kept in spreadsheets in: a template per kind, a dry run naming every bad row, then an all-or-nothing import. */
@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportService) {}

  /** The kinds of import and their columns, as the templates describe them. */
  @Get()
  @Roles('facilitator')
  kinds() {
    return { kinds: this.imports.specs() };
  }

  @Get('templates/:kind')
  @Roles('facilitator')
  @ApiProduces('text/csv')
  template(@Param() { kind }: ImportKindParams, @Res({ passthrough: true }) res: Response) {
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${kind}-template.csv"`);
    return templateCsv(this.imports.spec(kind));
  }

  /** Checks every row against the current records and the earlier rows; appends nothing. Always 200, with `valid` and the problems. */
  @Post(':kind/dry-run')
  @Roles('facilitator')
  @HttpCode(200)
  dryRun(@Param() { kind }: ImportKindParams, @Body() body: ImportCsvDto, @CurrentUser() user: AuthUser) {
    return this.imports.run(kind, body.csv, user, { dryRun: true });
  }

  /** Imports every row, or none: 201 when all were appended, 400 naming every bad row otherwise. */
  @Post(':kind')
  @Roles('facilitator')
  @RedactedOnReplay('link')
  async import(@Param() { kind }: ImportKindParams, @Body() body: ImportCsvDto, @CurrentUser() user: AuthUser) {
    let result;
    try {
      result = await this.imports.run(kind, body.csv, user, { dryRun: false });
    } catch (error) {
      if (error instanceof ImportInterruptedError) {
        throw new ConflictException({
          statusCode: 409,
          error: 'Conflict',
          message: error.message,
          importedRows: error.importedRows,
          stoppedAtRow: error.stoppedAtRow,
        });
      }
      throw error;
    }
    if (!result.valid) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: result.problems.map((p) => `row ${p.row}${p.column ? `, ${p.column}` : ''}: ${p.message}`),
        ...result,
      });
    }
    return result;
  }
}
