import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../../events/index.js';
import { IsEmailAddress, IsOneLine } from '../shared/validation.js';

export class LoginDto {
  @ApiProperty({ example: 'facilitator@alliance.example' }) @IsString() @IsOneLine() @MaxLength(254) email!: string;
  @ApiProperty() @IsString() @MaxLength(200) password!: string;
}

export class RegisterUserDto {
  @ApiProperty({ example: 'head@school.example' }) @IsEmailAddress() email!: string;
  @ApiProperty({ minLength: 12 }) @IsString() @MinLength(12) @MaxLength(200) password!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiPropertyOptional({ description: 'Required for a school user' })
  @IsOptional()
  @IsString()
  @IsOneLine()
  schoolUrn?: string;
  @ApiPropertyOptional({ description: 'Required for an sle user' })
  @IsOptional()
  @IsString()
  @IsOneLine()
  sleId?: string;
}
