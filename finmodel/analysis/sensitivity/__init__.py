"""What-if analysis on the baseline engine: standard cases, grids, goal-seeking and buoyancy.

Every case is a path of one `finmodel.model.engine.project` batch; nothing here re-implements the model.
"""
