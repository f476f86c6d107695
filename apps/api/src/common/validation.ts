import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import type { FieldError } from '@chat/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { AppException } from './app-exception.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 8;

/** Finds a `__proto__`/`constructor` key or a nesting deeper than the limit in parsed JSON. */
export function findHostileKey(value: unknown, path = '', depth = 0): FieldError | null {
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_DEPTH) return { field: path || 'body', message: 'is nested too deeply' };
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return { field: here, message: 'is not allowed' };
    const found = findHostileKey((value as Record<string, unknown>)[key], here, depth + 1);
    if (found) return found;
  }
  return null;
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      const messages = Object.entries(e.constraints).map(([k, m]) =>
        k === 'whitelistValidation' ? 'is not an allowed field' : m.replace(new RegExp(`^${e.property} `), ''),
      );
      out.push({ field, message: messages[0]! });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** Validates a plain object against a DTO class: unknown fields, wrong types and hostile keys are refused. */
export async function validateDto<T extends object>(cls: new () => T, value: unknown, what = 'body'): Promise<T> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppException('VALIDATION_FAILED', `The request ${what} must be a JSON object`, [
      { field: what, message: 'must be an object' },
    ]);
  }
  const hostile = findHostileKey(value);
  if (hostile) throw new AppException('VALIDATION_FAILED', `${hostile.field} ${hostile.message}`, [hostile]);
  const instance = plainToInstance(cls, value);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const details = flatten(errors);
    const first = details[0]!;
    throw new AppException('VALIDATION_FAILED', `${first.field} ${first.message}`, details);
  }
  return instance;
}

/** Global pipe: every @Body, @Query and @Param typed with a class goes through validateDto. */
@Injectable()
export class DtoValidationPipe implements PipeTransform {
  async transform(value: unknown, meta: ArgumentMetadata): Promise<unknown> {
    const cls = meta.metatype;
    if (!cls || meta.type === 'custom' || [String, Boolean, Number, Array, Object].includes(cls as never)) return value;
    const what = meta.type === 'body' ? 'body' : meta.type === 'query' ? 'query' : 'path';
    return validateDto(cls as new () => object, value ?? {}, what);
  }
}
