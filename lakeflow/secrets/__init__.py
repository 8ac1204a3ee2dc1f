"""Secret scopes: Fernet-encrypted values, scope ACLs (READ/WRITE/MANAGE), {{secrets/scope/key}}
references, dbutils.secrets.get, and redaction of secret values in logs, outputs and errors."""
