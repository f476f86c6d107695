import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

/** Who is calling: set on the request by the JWT strategy after the session row was checked. */
export interface AuthUser {
  userId: string;
  sessionId: string;
}

export const IS_PUBLIC = 'isPublic';
/** Marks a route that needs no session. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const req = ctx.switchToHttp().getRequest<{ user: AuthUser }>();
  return req.user;
});
