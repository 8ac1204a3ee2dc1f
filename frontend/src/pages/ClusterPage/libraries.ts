/** The Libraries API's library objects: built from the install form, named in the list, and which
 * statuses still move (the server checks the library again and has the last word). */
import type { Library } from "../../queries/clusterApi";

export type LibraryKind = "pypi" | "whl" | "requirements" | "jar" | "maven";

export const LIBRARY_KINDS: { value: LibraryKind; label: string }[] = [
  { value: "pypi", label: "PyPI package" },
  { value: "whl", label: "Python wheel (whl)" },
  { value: "requirements", label: "requirements.txt" },
  { value: "jar", label: "JAR" },
  { value: "maven", label: "Maven coordinates" },
];

/** The kinds given as a file path; the others have a package/coordinates and an optional repo. */
const PATH_KINDS: readonly LibraryKind[] = ["whl", "requirements", "jar"];

export interface LibraryFormValues {
  kind: LibraryKind;
  /** pypi: "pandas==2.2"; maven: "group:artifact:version". */
  name: string;
  /** pypi: an extra index URL; maven: a repository URL. Optional. */
  repo: string;
  /** whl, requirements, jar: a workspace (or local) path. */
  path: string;
}

export type LibraryErrors = Partial<Record<"name" | "path", string>>;

export const emptyLibraryForm = (): LibraryFormValues => ({ kind: "pypi", name: "", repo: "", path: "" });

export const isPathKind = (kind: LibraryKind): boolean => PATH_KINDS.includes(kind);

const MAVEN = /^[^:\s]+:[^:\s]+:[^:\s]+$/;

export function validateLibrary(values: LibraryFormValues): LibraryErrors {
  if (isPathKind(values.kind)) return values.path.trim() ? {} : { path: "Give the file's path." };
  const name = values.name.trim();
  if (!name) return { name: values.kind === "maven" ? "Give the coordinates." : "Give the package." };
  if (values.kind === "maven" && !MAVEN.test(name)) return { name: "Coordinates read group:artifact:version." };
  return {};
}

/** The libraries/install body's library: {pypi: {package, repo?}}, {whl: path}, {maven: {coordinates, repo?}}. */
export function libraryFromForm(values: LibraryFormValues): Library {
  if (isPathKind(values.kind)) return { [values.kind]: values.path.trim() };
  const field = values.kind === "maven" ? "coordinates" : "package";
  const repo = values.repo.trim();
  return { [values.kind]: { [field]: values.name.trim(), ...(repo ? { repo } : {}) } };
}

/** "pypi: pandas==2.2" -- the library's kind and its main field. */
export function libraryLabel(library: Library): string {
  const [kind, value] = Object.entries(library)[0] ?? ["?", ""];
  if (value && typeof value === "object") {
    const spec = value as Record<string, unknown>;
    return `${kind}: ${String(spec.package ?? spec.coordinates ?? JSON.stringify(spec))}`;
  }
  return `${kind}: ${String(value)}`;
}

/** Statuses the server still changes on its own (the list reads again until none is left). */
const SETTLING = new Set(["PENDING", "INSTALLING"]);

export const isSettling = (status: string): boolean => SETTLING.has(status);

/** Uninstall is offered until the library is already on its way out. */
export const canUninstall = (status: string): boolean => status !== "UNINSTALL_ON_RESTART";
