import { APP_NAME } from '../lib/use-document-title';
import { ChatIcon } from './icons';
import './brand.css';

/** The app's mark and name. */
export function Brand() {
  return (
    <span className="brand">
      <span className="brand__mark">
        <ChatIcon width={18} height={18} />
      </span>
      <span className="brand__name">{APP_NAME}</span>
    </span>
  );
}
