import type { Me } from '@chat/contracts';
import { PictureField } from '../../../components/picture-field';
import { useUpdateMe } from '../api/update-me';

export type ProfilePicturesCardProps = { me: Me };

/** Your avatar and cover: each one uploads and is saved as soon as it is chosen. */
export function ProfilePicturesCard({ me }: ProfilePicturesCardProps) {
  const update = useUpdateMe();
  return (
    <section className="card" aria-labelledby="profile-pictures-title">
      <h2 className="card__title" id="profile-pictures-title">
        Pictures
      </h2>
      <p className="card__description">Shown with your name across the app. Saved as soon as you choose one.</p>
      <div className="stack">
        <PictureField
          label="Profile picture"
          shape="avatar"
          url={me.avatarUrl}
          onSave={(avatarFileId) => update.mutateAsync({ avatarFileId })}
        />
        <PictureField label="Cover" shape="cover" url={me.coverUrl} onSave={(coverFileId) => update.mutateAsync({ coverFileId })} />
      </div>
    </section>
  );
}
