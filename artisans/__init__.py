"""The register of artisans, organisations, crafts, professional cards, trainings and distributions."""
