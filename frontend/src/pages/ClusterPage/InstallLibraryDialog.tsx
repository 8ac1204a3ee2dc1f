import { useState } from "react";
import { FormDialog } from "../../components/FormDialog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { SelectField } from "../../components/SelectField";
import { TextField } from "../../components/TextField";
import { WorkspacePathField } from "../../components/WorkspacePathField";
import { toast } from "../../components/toastStore";
import { useInstallLibraries } from "../../queries/useLibraryMutations";
import {
  LIBRARY_KINDS,
  emptyLibraryForm,
  isPathKind,
  libraryFromForm,
  validateLibrary,
  type LibraryErrors,
  type LibraryFormValues,
  type LibraryKind,
} from "./libraries";

/** libraries/install for one library: a PyPI package, a wheel/requirements/JAR path or Maven coordinates. */
export function InstallLibraryDialog({ clusterId, onClose }: { clusterId: string; onClose: () => void }) {
  const install = useInstallLibraries();
  const [values, setValues] = useState<LibraryFormValues>(emptyLibraryForm);
  const [errors, setErrors] = useState<LibraryErrors>({});
  const set = (patch: Partial<LibraryFormValues>) => setValues((current) => ({ ...current, ...patch }));
  const maven = values.kind === "maven";

  const submit = () => {
    const found = validateLibrary(values);
    setErrors(found);
    if (Object.keys(found).length) return;
    install.mutate(
      { clusterId, libraries: [libraryFromForm(values)] },
      {
        onSuccess: () => {
          toast("Installing the library", "success");
          onClose();
        },
      },
    );
  };

  return (
    <FormDialog
      title="Install library"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Install"
      submitDisabled={install.isPending}
    >
        <SelectField label="Library source" value={values.kind} options={LIBRARY_KINDS} onChange={(kind) => set({ kind: kind as LibraryKind })} />
        {isPathKind(values.kind) ? (
          <WorkspacePathField
            label="File path"
            value={values.path}
            onChange={(path) => set({ path })}
            error={errors.path}
            placeholder={values.kind === "jar" ? "/Workspace/libs/app.jar" : "/Workspace/libs/package-1.0-py3-none-any.whl"}
          />
        ) : (
          <>
            <TextField
              label={maven ? "Coordinates" : "Package"}
              value={values.name}
              onChange={(name) => set({ name })}
              error={errors.name}
              placeholder={maven ? "org.slf4j:slf4j-api:2.0.9" : "e.g. pandas==2.2.3"}
              autoFocus
            />
            <TextField
              label={maven ? "Repository (optional)" : "Index URL (optional)"}
              value={values.repo}
              onChange={(repo) => set({ repo })}
              placeholder={maven ? "https://repo1.maven.org/maven2" : "https://pypi.example.com/simple"}
            />
          </>
        )}
        {values.kind === "jar" || maven ? (
          <p className="subtle">Lakeflow keeps JAR and Maven libraries on the cluster&apos;s list but installs only Python ones.</p>
        ) : null}
        <ErrorAlert error={install.error} />
        <button type="submit" hidden />
    </FormDialog>
  );
}
