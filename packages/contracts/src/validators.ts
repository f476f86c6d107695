import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Counts Unicode code points, not UTF-16 units. */
export function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** Trims strings (other values pass through for the type validators to refuse). */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}

/**
 * Turns a query-string number written in plain decimal digits ("42") into a number; anything else ("1e2", "0x10",
 * " 5", "", "abc") is left as it is for the type validators to refuse.
 */
export function IntegerString(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value));
}

/** Length in code points between min and max. */
export function CodePointLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'codePointLength',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [min, max],
      options: {
        message: min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`,
        ...options,
      },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          const n = codePointLength(value);
          return n >= min && n <= max;
        },
      },
    });
  };
}

/** Refuses strings holding a NUL character. */
export function NoNul(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'noNul',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must not contain NUL characters', ...options },
      validator: {
        validate(value: unknown) {
          return typeof value !== 'string' || !value.includes('\u0000');
        },
      },
    });
  };
}

/** C0 and C1 control characters (DEL included) and the bidi embedding, override and isolate controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

/**
 * For names and descriptions others see: no control characters, and no bidi overrides that could make a name read
 * as something else ("gpj.exe" shown as "exe.jpg").
 */
export function NoControlChars(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'noControlChars',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must not contain control characters or bidi overrides', ...options },
      validator: {
        validate(value: unknown) {
          return typeof value !== 'string' || !CONTROL.test(value);
        },
      },
    });
  };
}

const INVISIBLE = /^[\s\u200B-\u200F\u2028-\u202F\u2060-\u206F\uFEFF\u00AD\u180E]*$/u;

/** True when a string is made only of white space and zero-width characters. */
export function isBlank(value: string): boolean {
  return INVISIBLE.test(value);
}
