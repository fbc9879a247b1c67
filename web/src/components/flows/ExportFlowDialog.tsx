import { useState } from 'react';
import type { Flow } from '../../api/types';
import { CheckboxField } from '../Field';
import { Dialog } from '../Dialog';

/** Asked only when the flow has values typed into secret fields (API keys). */
export function ExportFlowDialog({ flow, onClose, onExport }: { flow: Flow; onClose: () => void; onExport: (includeSecrets: boolean) => void }) {
  const [includeSecrets, setIncludeSecrets] = useState(false);
  return (
    <Dialog
      title={`Export “${flow.name}”`}
      size="sm"
      onClose={onClose}
      description="This flow has secret values (such as API keys) typed directly into its components. They are left out of the file unless you include them."
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" onClick={() => onExport(includeSecrets)} data-autofocus>
            Download
          </button>
        </>
      }
    >
      <CheckboxField label="Include secret values" hint="Anyone with the file can read them." checked={includeSecrets} onChange={setIncludeSecrets} />
    </Dialog>
  );
}
