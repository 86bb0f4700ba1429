/** A quiet placeholder while a page's code or strings load (no text: strings may not be loaded yet). */
export function PageLoading() {
  return (
    <div className="pb-page-loading" aria-busy="true">
      <span className="pb-spinner" />
    </div>
  );
}
