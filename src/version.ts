// The Langflow API version Flowgate speaks, and its own.
export const LANGFLOW_COMPAT_VERSION = '1.8.0';
export const FLOWGATE_VERSION = '0.1.0';
