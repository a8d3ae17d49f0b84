# packaging: Retort carries its version module (packaging.version).
