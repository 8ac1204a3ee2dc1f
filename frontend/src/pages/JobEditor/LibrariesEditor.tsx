import { Plus, X } from "lucide-react";
import type { Library } from "../../api/types";
import { Button } from "../../components/Button";

type Kind = "pypi" | "whl" | "jar" | "maven" | "requirements";
const KINDS: Kind[] = ["pypi", "whl", "jar", "maven", "requirements"];

function kindOf(library: Library): Kind {
  return (KINDS.find((kind) => library[kind] !== undefined) ?? "pypi") as Kind;
}
function valueOf(library: Library): string {
  if (library.pypi) return library.pypi.package;
  if (library.maven) return library.maven.coordinates;
  return (library.whl ?? library.jar ?? library.requirements ?? "") as string;
}
function build(kind: Kind, value: string): Library {
  if (kind === "pypi") return { pypi: { package: value } };
  if (kind === "maven") return { maven: { coordinates: value } };
  return { [kind]: value } as Library;
}

/** Task libraries: PyPI packages, wheels, JARs, Maven coordinates, requirements files. */
export function LibrariesEditor({ libraries, onChange }: { libraries: Library[]; onChange: (libraries: Library[]) => void }) {
  const update = (index: number, kind: Kind, value: string) => onChange(libraries.map((lib, i) => (i === index ? build(kind, value) : lib)));
  return (
    <div className="field">
      <span className="field-label">Libraries</span>
      {libraries.map((library, index) => (
        <div key={index} className="row">
          <select className="select" style={{ width: 130 }} aria-label={`Library ${index + 1} kind`} value={kindOf(library)} onChange={(e) => update(index, e.target.value as Kind, valueOf(library))}>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>{kind}</option>
            ))}
          </select>
          <input className="input mono" aria-label={`Library ${index + 1}`} value={valueOf(library)} placeholder={kindOf(library) === "pypi" ? "pandas==2.2.3" : "/Workspace/libs/…"} onChange={(e) => update(index, kindOf(library), e.target.value)} />
          <Button variant="ghost" size="sm" icon={<X size={14} />} label={`Remove library ${index + 1}`} onClick={() => onChange(libraries.filter((_, i) => i !== index))} />
        </div>
      ))}
      <div>
        <Button size="sm" icon={<Plus size={14} />} onClick={() => onChange([...libraries, { pypi: { package: "" } }])}>Add library</Button>
      </div>
    </div>
  );
}
