import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RegisterDto } from './auth.dto.js';
import { codePointLength, isBlank } from './validators.js';

function errorsOf(body: object): Record<string, string[]> {
  const errors = validateSync(plainToInstance(RegisterDto, body), { whitelist: true, forbidNonWhitelisted: true });
  return Object.fromEntries(errors.map((e) => [e.property, Object.keys(e.constraints ?? {})]));
}

describe('codePointLength', () => {
  it('counts astral characters (emoji) as one', () => {
    expect(codePointLength('😀😀')).toBe(2);
    expect('😀😀'.length).toBe(4);
  });
});

describe('isBlank', () => {
  it('treats white space and zero-width characters as blank', () => {
    expect(isBlank(' \t\n\u200B\u200D\uFEFF\u2060')).toBe(true);
    expect(isBlank(' a ')).toBe(false);
  });
});

describe('RegisterDto', () => {
  const valid = { username: 'alice', email: 'alice@example.test', password: 'password1' };

  it('accepts a valid body and trims strings', () => {
    const dto = plainToInstance(RegisterDto, { ...valid, username: '  alice  ' });
    expect(validateSync(dto)).toHaveLength(0);
    expect(dto.username).toBe('alice');
  });

  it('refuses usernames with other characters or out of length', () => {
    expect(errorsOf({ ...valid, username: 'al ice' })).toHaveProperty('username');
    expect(errorsOf({ ...valid, username: 'al' })).toHaveProperty('username');
    expect(errorsOf({ ...valid, username: 'a'.repeat(33) })).toHaveProperty('username');
  });

  it('counts display name length in code points', () => {
    expect(errorsOf({ ...valid, displayName: '😀'.repeat(64) })).not.toHaveProperty('displayName');
    expect(errorsOf({ ...valid, displayName: '😀'.repeat(65) })).toHaveProperty('displayName');
  });

  it('refuses NUL characters and unknown fields', () => {
    expect(errorsOf({ ...valid, password: 'pass\u0000word1' })).toHaveProperty('password');
    expect(errorsOf({ ...valid, role: 'admin' })).toHaveProperty('role');
  });
});
