// The package's own typings declare the module under its old name ('domino'); the part used here.
declare module '@mixmark-io/domino' {
  const domino: {
    /** A new document parsed from `html` (the HTML standard's parser; nothing runs or loads). */
    createDocument(html?: string, force?: boolean): Document;
  };
  export default domino;
}
