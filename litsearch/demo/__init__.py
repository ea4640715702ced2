"""The demo review: bundled example exports and a scripted walk through the pipeline."""
