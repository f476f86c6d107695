import { IsEmail, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { LIMITS, USERNAME_PATTERN } from './limits.js';
import { CodePointLength, NoNul, Trim, NoControlChars } from './validators.js';

export class RegisterDto {
  @Trim()
  @IsString()
  @CodePointLength(LIMITS.usernameMin, LIMITS.usernameMax)
  @Matches(USERNAME_PATTERN, { message: 'may contain only letters, digits, "_", "." and "-"' })
  username!: string;

  @Trim()
  @IsString()
  @MaxLength(LIMITS.emailMax)
  @IsEmail({}, { message: 'must be a valid email address' })
  email!: string;

  @IsString()
  @NoNul()
  @CodePointLength(LIMITS.passwordMin, LIMITS.passwordMax)
  password!: string;

  @IsOptional()
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(LIMITS.displayNameMin, LIMITS.displayNameMax)
  @NoControlChars()
  displayName?: string;

  /** A server invite code: required when the server's registration is `invite`. */
  @IsOptional()
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(1, 128)
  inviteCode?: string;
}

export class LoginDto {
  /** Email or username. */
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(1, LIMITS.emailMax)
  login!: string;

  @IsString()
  @NoNul()
  @CodePointLength(1, LIMITS.passwordMax)
  password!: string;
}

export class ChangePasswordDto {
  @IsString()
  @NoNul()
  @CodePointLength(1, LIMITS.passwordMax)
  currentPassword!: string;

  @IsString()
  @NoNul()
  @CodePointLength(LIMITS.passwordMin, LIMITS.passwordMax)
  newPassword!: string;
}

export class PasswordResetRequestDto {
  @Trim()
  @IsString()
  @MaxLength(LIMITS.emailMax)
  @IsEmail({}, { message: 'must be a valid email address' })
  email!: string;
}

export class PasswordResetConfirmDto {
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(1, 256)
  token!: string;

  @IsString()
  @NoNul()
  @CodePointLength(LIMITS.passwordMin, LIMITS.passwordMax)
  newPassword!: string;
}

export class IdParam {
  @IsUUID('all', { message: 'must be a UUID' })
  id!: string;
}
