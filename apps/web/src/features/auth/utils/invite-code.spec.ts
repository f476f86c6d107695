import { describe, expect, it } from '@jest/globals';
import { inviteCodeFrom } from './invite-code';

describe('inviteCodeFrom', () => {
  it('keeps a bare code as typed, case included, without surrounding spaces', () => {
    expect(inviteCodeFrom('  AbC-123_xYz  ')).toBe('AbC-123_xYz');
  });

  it('takes the code out of a pasted server invite link', () => {
    expect(inviteCodeFrom('https://chat.example.test/invite/Q2h-at_9Zk?utm=x')).toBe('Q2h-at_9Zk');
  });

  it('takes the code out of a sign-up page address', () => {
    expect(inviteCodeFrom('http://localhost:3000/register?next=%2F&invite=Zz9%2Dq')).toBe('Zz9-q');
  });

  it('leaves an empty field empty', () => {
    expect(inviteCodeFrom('   ')).toBe('');
  });
});
