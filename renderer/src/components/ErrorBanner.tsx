/** A failed request, said in one line above the content it concerns; nothing when there is none. */
export function ErrorBanner({ message }: { message: string | null | undefined }) {
  return message ? (
    <div className="banner error" role="alert">
      {message}
    </div>
  ) : null;
}
