import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { Page } from '../../../components/page';
import { FriendsCard } from './friends-card';
import { InboxCard } from './inbox-card';
import { SentRequestsCard } from './sent-requests-card';

/** `/friends`: what waits for my answer first (friend requests, room invites), then my friends, then what I sent. */
export function FriendsPage() {
  const { hash } = useLocation();

  // `/friends#invites` (from a notification) brings the invites into view.
  useEffect(() => {
    if (!hash) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    target?.scrollIntoView({ block: 'start' });
    target?.focus({ preventScroll: true });
  }, [hash]);

  return (
    <Page title="Friends" description="Your friends, the requests waiting for your answer and the rooms you are invited to.">
      <div className="stack">
        <InboxCard />
        <FriendsCard />
        <SentRequestsCard />
      </div>
    </Page>
  );
}
