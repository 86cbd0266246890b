"""The models: one module per area that owns a store kind. A model holds its kind's documents (through a
`Collection`: get, find, save, delete), how a document is shown, and the links it keeps with other areas (a
droplet<->volume attachment is written in attachments.py only, a snapshot created in snapshots.py only). Routes
(do_emulator/routes) check requests and call the models; they write no store kind themselves."""
