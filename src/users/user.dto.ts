import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../../events/index.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/password-policy.js';
import { IsEmailAddress, IsOneLine, IsOptionalText, IsText } from '../shared/validation.js';

/** A password being chosen; the policy's other rules (common, guessable) are checked by the command. */
const IsNewPassword = () =>
  applyDecorators(
    ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
    IsString(),
    MinLength(PASSWORD_MIN_LENGTH),
    MaxLength(PASSWORD_MAX_LENGTH),
  );

/** A one-time link's token: 43 base64url characters. */
const IsLinkToken = () =>
  applyDecorators(
    ApiProperty({ description: "The token from the link's #…?token=" }),
    IsString(),
    Matches(/^[A-Za-z0-9_-]{43}$/, { message: '$property is not the token of a link we sent' }),
  );

export class LoginDto {
  @ApiProperty({ example: 'facilitator@alliance.example' }) @IsString() @IsOneLine() @MaxLength(254) email!: string;
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) password!: string;
}

class AccessFields {
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiPropertyOptional({ description: 'Required for a school user' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '$property must be a six-digit URN' })
  schoolUrn?: string;
  @ApiPropertyOptional({ description: 'Required for an sle user' }) @IsOptional() @IsUUID() sleId?: string;
}

export class RegisterUserDto extends AccessFields {
  @ApiProperty({ example: 'head@school.example' }) @IsEmailAddress() @MaxLength(254) email!: string;
  @IsNewPassword() password!: string;
  @IsOptionalText(200, { example: 'Jo Head' }) name?: string;
}

export class InviteUserDto extends AccessFields {
  @IsText(200, { example: 'Jo Head' }) name!: string;
  @ApiProperty({ example: 'head@school.example' }) @IsEmailAddress() @MaxLength(254) email!: string;
}

export class ChangeAccessDto extends AccessFields {}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) currentPassword!: string;
  @IsNewPassword() newPassword!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'head@school.example' }) @IsEmailAddress() @MaxLength(254) email!: string;
}

export class LinkTokenDto {
  @IsLinkToken() token!: string;
}

export class SetPasswordWithLinkDto extends LinkTokenDto {
  @IsNewPassword() password!: string;
}

export class UserIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID(undefined, { message: '$property must be a user id' }) id!: string;
}

export const USER_STATUSES = ['invited', 'active', 'disabled'] as const;

export class UserListQuery {
  @ApiPropertyOptional({ description: 'Part of a name or an email' })
  @IsOptional()
  @IsString()
  @IsOneLine()
  @MaxLength(200)
  search?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ enum: USER_STATUSES }) @IsOptional() @IsIn(USER_STATUSES) status?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '$property must be a six-digit URN' })
  schoolUrn?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() sleId?: string;
}
