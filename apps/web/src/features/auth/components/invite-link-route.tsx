import { Navigate, useParams } from 'react-router';

/**
 * `/invite/:code`, the path of a server invite link (`PUBLIC_URL/invite/<code>`, as the API builds its `url`): the
 * sign-up page with the code filled in. Someone already logged in is sent on by the sign-up page itself.
 */
export function InviteLinkRoute() {
  const { code = '' } = useParams();
  return <Navigate to={`/register?invite=${encodeURIComponent(code)}`} replace />;
}
