import { describe, expect, it } from '@jest/globals';
import { parseMentions } from './mentions.js';

describe('parseMentions', () => {
  it('finds @username handles, @room and @here in prose, lower-cased and once each', () => {
    expect(parseMentions('hi @Alice and @bob.smith, cc @alice. @room @here')).toEqual({
      names: ['alice', 'bob.smith'],
      room: true,
      here: true,
    });
    expect(parseMentions('**@carol** _@dave_ > @erin\n- @frank')).toEqual({
      names: ['carol', 'dave', 'erin', 'frank'],
      room: false,
      here: false,
    });
  });

  it('ignores e-mail addresses, short handles and a body without @', () => {
    expect(parseMentions('mail me at someone@example.com, @ab')).toEqual({ names: [], room: false, here: false });
    expect(parseMentions('nothing here')).toEqual({ names: [], room: false, here: false });
  });

  it('ignores inline code spans of any backtick length', () => {
    expect(parseMentions('`@alice` and ``@bob ` @carol`` but @dave')).toEqual({ names: ['dave'], room: false, here: false });
    expect(parseMentions('`@room` ```@here```')).toEqual({ names: [], room: false, here: false });
  });

  it('treats a lone backtick as text: the mention after it counts', () => {
    expect(parseMentions('a ` then @alice')).toEqual({ names: ['alice'], room: false, here: false });
    expect(parseMentions('``@bob` is not closed')).toEqual({ names: ['bob'], room: false, here: false });
  });

  it('ignores fenced code blocks (backticks and tildes, longer fences) and indented code', () => {
    const body = [
      '@alice',
      '```js',
      'const x = "@bob"; // @room',
      '```',
      '~~~~',
      '@carol',
      '~~~~',
      '    @here indented',
      '',
      'after @dave',
    ];
    expect(parseMentions(body.join('\n'))).toEqual({ names: ['alice', 'dave'], room: false, here: false });
    expect(parseMentions('````\n```\n@bob\n```\n@carol\n````\n@erin')).toEqual({ names: ['erin'], room: false, here: false });
  });

  it('ignores everything after an unterminated fence', () => {
    expect(parseMentions('@alice\n```\n@bob\n@room')).toEqual({ names: ['alice'], room: false, here: false });
  });

  it('keeps raw HTML as text (no HTML parsing) and finishes fast on hostile input', () => {
    expect(parseMentions('<b>@alice</b>')).toEqual({ names: ['alice'], room: false, here: false });
    const start = Date.now();
    parseMentions(`${'*'.repeat(4000)}@alice${'`'.repeat(2000)}`);
    expect(Date.now() - start).toBeLessThan(1000);
  });
});
