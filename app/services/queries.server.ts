// Read queries for loaders. Routes import them from here, never from db/ directly: the
// `.server` suffix is what keeps database code out of the browser bundle (Remix refuses to
// bundle a .server module for the client), and the lint rule enforces the path.
export * from "../../db/queries/competitions";
export * from "../../db/queries/accounts";
export * from "../../db/queries/marking-schemes";
