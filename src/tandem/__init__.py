"""Tandem: multi-agency ASB and hate incident case management."""
