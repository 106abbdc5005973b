/** Who stored a file and from which area: reading it is scoped by that area. */
export interface FileOwner {
  userId: string;
  areaPath: string;
}

export interface StoredFile {
  bytes: Buffer;
  contentType: string;
  owner: FileOwner;
}

/**
 * Where uploaded files (visit photos) are kept: the local disk now, an object store (COS, S3) when deployed.
 * Files are never changed or deleted through the product; an id is made by the storage and is not guessable.
 */
export interface FileStorage {
  /** Stores the bytes and returns the new file's id (a UUID). */
  put(bytes: Uint8Array, contentType: string, owner: FileOwner): Promise<string>;
  /** The file, or null if there is no file with that id. */
  get(id: string): Promise<StoredFile | null>;
}
