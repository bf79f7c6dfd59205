"""Analysis on the model: sensitivity and goal-seeking, the stochastic shock model and Monte
Carlo, the back-test against the record and scenario comparison. Every number comes from the
engine; nothing here re-implements it.
"""
