import { Button as AriaButton, Dialog, DialogTrigger, Heading, Popover } from 'react-aria-components';
import './formatting-help.css';

/** The Markdown subset messages understand (see MessageBody), as typed and what it gives. */
const RULES: Array<{ typed: string; gives: string }> = [
  { typed: '**bold**', gives: 'bold' },
  { typed: '*italic* or _italic_', gives: 'italic' },
  { typed: '~~strike~~', gives: 'struck through' },
  { typed: '`code`', gives: 'inline code' },
  { typed: '```js (new line) code (new line) ```', gives: 'a code block, highlighted' },
  { typed: '> quote', gives: 'a quote' },
  { typed: '- item or 1. item', gives: 'a list' },
  { typed: '||spoiler||', gives: 'hidden until clicked' },
  { typed: '@username, @room, @here', gives: 'a mention' },
  { typed: ':thumbsup:', gives: 'type : and two letters for emoji' },
  { typed: 'Shift+Enter', gives: 'a new line (Enter sends)' },
  { typed: '↑ in an empty box', gives: 'edit your last message' },
];

/** The composer's "?" button: a popover listing the formatting a message may use. */
export function FormattingHelp() {
  return (
    <DialogTrigger>
      <AriaButton className="composer__attach formatting-help__trigger" aria-label="Formatting help">
        <span aria-hidden="true">?</span>
      </AriaButton>
      <Popover className="formatting-help" placement="top start" offset={8} containerPadding={8}>
        <Dialog className="formatting-help__dialog" aria-labelledby="formatting-help-title">
          <Heading slot="title" id="formatting-help-title" className="formatting-help__title">
            Formatting
          </Heading>
          <table className="formatting-help__table">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">To get</th>
              </tr>
            </thead>
            <tbody>
              {RULES.map((rule) => (
                <tr key={rule.typed}>
                  <td>
                    <code>{rule.typed}</code>
                  </td>
                  <td>{rule.gives}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Dialog>
      </Popover>
    </DialogTrigger>
  );
}
