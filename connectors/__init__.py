"""Sources documents come from. Every connector follows :class:`connectors.base.Connector`."""
