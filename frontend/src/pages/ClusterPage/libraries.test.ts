import { describe, expect, it } from "vitest";
import {
  canUninstall,
  emptyLibraryForm,
  isSettling,
  libraryFromForm,
  libraryLabel,
  validateLibrary,
  type LibraryFormValues,
} from "./libraries";

const buildForm = (patch: Partial<LibraryFormValues>): LibraryFormValues => ({ ...emptyLibraryForm(), ...patch });

describe("libraryFromForm", () => {
  it.each<[Partial<LibraryFormValues>, object]>([
    [{ kind: "pypi", name: " pandas==2.2 " }, { pypi: { package: "pandas==2.2" } }],
    [{ kind: "pypi", name: "mylib", repo: "https://pypi.example.com/simple" }, { pypi: { package: "mylib", repo: "https://pypi.example.com/simple" } }],
    [{ kind: "maven", name: "org.slf4j:slf4j-api:2.0.9", repo: " " }, { maven: { coordinates: "org.slf4j:slf4j-api:2.0.9" } }],
    [{ kind: "whl", path: "/Workspace/libs/a-1.0-py3-none-any.whl", name: "ignored" }, { whl: "/Workspace/libs/a-1.0-py3-none-any.whl" }],
    [{ kind: "requirements", path: "/Workspace/requirements.txt" }, { requirements: "/Workspace/requirements.txt" }],
    [{ kind: "jar", path: "/Workspace/libs/a.jar" }, { jar: "/Workspace/libs/a.jar" }],
  ])("turns %j into %j", (patch, library) => {
    expect(libraryFromForm(buildForm(patch))).toEqual(library);
  });
});

describe("validateLibrary", () => {
  it.each<[Partial<LibraryFormValues>, object]>([
    [{ kind: "pypi", name: "requests" }, {}],
    [{ kind: "pypi", name: "  " }, { name: "Give the package." }],
    [{ kind: "maven", name: "" }, { name: "Give the coordinates." }],
    [{ kind: "maven", name: "org.slf4j:slf4j-api" }, { name: "Coordinates read group:artifact:version." }],
    [{ kind: "maven", name: "org.slf4j:slf4j-api:2.0.9" }, {}],
    [{ kind: "whl", name: "requests", path: "" }, { path: "Give the file's path." }],
    [{ kind: "jar", path: "/Workspace/a.jar" }, {}],
  ])("finds in %j: %j", (patch, errors) => {
    expect(validateLibrary(buildForm(patch))).toEqual(errors);
  });
});

describe("libraryLabel", () => {
  it.each([
    [{ pypi: { package: "pandas==2.2" } }, "pypi: pandas==2.2"],
    [{ maven: { coordinates: "g:a:1" } }, "maven: g:a:1"],
    [{ whl: "/Workspace/a.whl" }, "whl: /Workspace/a.whl"],
    [{ cran: { pkg: "x" } }, 'cran: {"pkg":"x"}'],
  ])("names %j %s", (library, label) => {
    expect(libraryLabel(library)).toBe(label);
  });
});

describe("library statuses", () => {
  it.each([
    ["PENDING", true, true],
    ["INSTALLING", true, true],
    ["INSTALLED", false, true],
    ["FAILED", false, true],
    ["SKIPPED", false, true],
    ["UNINSTALL_ON_RESTART", false, false],
  ])("%s: still settling %s, can be uninstalled %s", (status, settling, uninstall) => {
    expect(isSettling(status)).toBe(settling);
    expect(canUninstall(status)).toBe(uninstall);
  });
});
