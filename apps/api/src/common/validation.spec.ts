import 'reflect-metadata';
import { describe, expect, it, jest } from '@jest/globals';
import { LoginDto, MessageSendDto, PageQuery, RegisterDto, UpdateMeDto } from '@chat/contracts';
import { getMetadataStorage, IsInt, IsString, MaxLength } from 'class-validator';
import { AppException } from './app-exception.js';
import { DtoValidationPipe, findHostileKey, validateDto } from './validation.js';

/** Runs validateDto and returns the AppException it throws. */
async function refusal(cls: new () => object, value: unknown): Promise<AppException> {
  try {
    await validateDto(cls, value);
  } catch (err) {
    expect(err).toBeInstanceOf(AppException);
    return err as AppException;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
}

describe('findHostileKey', () => {
  it('finds __proto__, constructor and prototype keys at any depth, with their path', () => {
    expect(findHostileKey(JSON.parse('{"__proto__":{"x":1}}'))).toEqual({ field: '__proto__', message: 'is not allowed' });
    expect(findHostileKey({ a: { b: JSON.parse('{"constructor":{}}') } })).toEqual({ field: 'a.b.constructor', message: 'is not allowed' });
    expect(findHostileKey({ list: [{ ok: 1 }, { prototype: 1 }] })).toEqual({ field: 'list.1.prototype', message: 'is not allowed' });
  });

  it('lets ordinary objects, arrays and primitives through', () => {
    expect(findHostileKey({ username: 'a', nested: { list: [1, 'two', null] }, proto: 1, constructorName: 'x' })).toBeNull();
    expect(findHostileKey('text')).toBeNull();
    expect(findHostileKey(null)).toBeNull();
  });

  it('refuses nesting deeper than 8 levels', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10; i++) deep = { a: deep };
    expect(findHostileKey(deep)?.message).toBe('is nested too deeply');
    let ok: unknown = 1;
    for (let i = 0; i < 8; i++) ok = { a: ok };
    expect(findHostileKey(ok)).toBeNull();
  });
});

describe('validateDto', () => {
  const register = { username: 'alice', email: 'alice@example.test', password: 'long enough' };

  it('answers a class instance with trimmed strings', async () => {
    const dto = await validateDto(RegisterDto, { ...register, username: '  alice ', displayName: '\tAlice  ' });
    expect(dto).toBeInstanceOf(RegisterDto);
    expect(dto).toEqual({ ...register, displayName: 'Alice' });
  });

  it('refuses a body that is not an object', async () => {
    for (const value of [null, 'text', 42, [register]]) {
      const err = await refusal(RegisterDto, value);
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details).toEqual([{ field: 'body', message: 'must be an object' }]);
    }
  });

  it('refuses unknown fields by name', async () => {
    const err = await refusal(RegisterDto, { ...register, isAdmin: true });
    expect(err.status).toBe(400);
    expect(err.details).toEqual([{ field: 'isAdmin', message: 'is not an allowed field' }]);
    expect(err.message).toBe('isAdmin is not an allowed field');
  });

  it('refuses a __proto__ key before anything else looks at the object', async () => {
    const err = await refusal(RegisterDto, JSON.parse(`{"__proto__":{"isAdmin":true},"username":"alice"}`));
    expect(err.details).toEqual([{ field: '__proto__', message: 'is not allowed' }]);
  });

  it('refuses wrong types without coercing them', async () => {
    expect((await refusal(RegisterDto, { ...register, username: 123 })).details?.[0]?.field).toBe('username');
    expect((await refusal(LoginDto, { login: { $gt: '' }, password: 'x' })).details?.[0]?.field).toBe('login');
    expect((await refusal(LoginDto, { login: 'alice', password: ['x'] })).details?.[0]?.field).toBe('password');
  });

  it('gives one entry per bad field, messages without the field name repeated', async () => {
    const err = await refusal(RegisterDto, { username: 'a b', email: 'nope', password: 'short' });
    expect(err.details?.map((d) => d.field).sort()).toEqual(['email', 'password', 'username']);
    for (const d of err.details ?? []) expect(d.message.startsWith(d.field)).toBe(false);
  });

  it('counts lengths in code points and refuses NUL', async () => {
    await expect(validateDto(UpdateMeDto, { displayName: '👩‍💻'.repeat(16) })).resolves.toBeDefined(); // 3 code points each: 48
    expect((await refusal(UpdateMeDto, { displayName: '😀'.repeat(65) })).details?.[0]?.field).toBe('displayName');
    expect((await refusal(UpdateMeDto, { bio: 'a\u0000' })).details?.[0]).toEqual({
      field: 'bio',
      message: 'must not contain NUL characters',
    });
  });

  it('reads page sizes from plain decimal digits only', async () => {
    expect((await validateDto(PageQuery, { limit: '100' })).limit).toBe(100);
    expect((await validateDto(PageQuery, {})).limit).toBeUndefined();
    for (const limit of ['0', '101', '1e2', '0x10', ' 5', '5 ', '', 'abc', '1.5', ['5']]) {
      expect((await refusal(PageQuery, { limit })).details?.[0]?.field).toBe('limit');
    }
  });
});

/**
 * class-validator is patched (patches/class-validator@0.15.1.patch) to work out a class's rules once, not on every
 * validation: what it answers must stay the rules of the class, its parents' included, and follow rules added later.
 */
describe('the rules of a class, worked out once', () => {
  const storage = getMetadataStorage();
  const rules = (cls: new () => object) => storage.getTargetValidationMetadatas(cls, '', false, false);

  it('answers the same frozen list each time, without asking every class again', () => {
    const first = rules(MessageSendDto);
    expect(first.map((m) => m.propertyName)).toEqual(expect.arrayContaining(['roomId', 'clientId', 'body']));
    expect(Object.isFrozen(first)).toBe(true);
    const entries = jest.spyOn(Map.prototype, 'entries');
    try {
      expect(rules(MessageSendDto)).toBe(first);
      expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
      expect(
        entries.mock.contexts.filter((m) => m === (storage as unknown as { validationMetadatas: unknown }).validationMetadatas),
      ).toEqual([]);
    } finally {
      entries.mockRestore();
    }
  });

  it('follows rules added after a validation, on the class and on its parent', async () => {
    class Parent {
      @IsString()
      name!: string;
    }
    class Child extends Parent {}
    await expect(validateDto(Child, { name: 'x' })).resolves.toEqual({ name: 'x' });
    expect((await refusal(Child, { name: 'x', size: 1 })).details?.[0]?.field).toBe('size');
    IsInt()(Parent.prototype, 'size');
    await expect(validateDto(Child, { name: 'x', size: 1 })).resolves.toEqual({ name: 'x', size: 1 });
    MaxLength(3)(Child.prototype, 'name');
    expect((await refusal(Child, { name: 'long', size: 1 })).details).toEqual([
      { field: 'name', message: 'must be shorter than or equal to 3 characters' },
    ]);
    expect((await refusal(Parent, { name: 'x', size: 1.5 })).details?.[0]?.field).toBe('size');
  });
});

describe('DtoValidationPipe', () => {
  const pipe = new DtoValidationPipe();

  it('validates bodies, queries and params typed with a class, naming where the problem is', async () => {
    await expect(pipe.transform({ limit: '5' }, { type: 'query', metatype: PageQuery })).resolves.toEqual({ limit: 5 });
    const err = (await pipe.transform('x', { type: 'body', metatype: RegisterDto }).catch((e: unknown) => e)) as AppException;
    expect(err.details).toEqual([{ field: 'body', message: 'must be an object' }]);
    await expect(pipe.transform(undefined, { type: 'body', metatype: LoginDto })).rejects.toBeInstanceOf(AppException);
  });

  it('leaves primitives and custom decorators alone', async () => {
    await expect(pipe.transform('abc', { type: 'param', metatype: String })).resolves.toBe('abc');
    const user = { userId: 'u' };
    await expect(pipe.transform(user, { type: 'custom', metatype: Object })).resolves.toBe(user);
  });
});
