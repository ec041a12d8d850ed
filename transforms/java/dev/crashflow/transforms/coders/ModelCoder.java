package dev.crashflow.transforms.coders;

import org.apache.beam.sdk.coders.CustomCoder;

/**
 * What crashflow's compact model coders share: stateless singletons, equal by class, and never
 * deterministic (maps and nested records are not coded canonically), so never used for keys.
 */
abstract class ModelCoder<T> extends CustomCoder<T> {
  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    throw new NonDeterministicException(this, "maps and nested records are not coded canonically");
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return getClass().hashCode();
  }
}
