package dev.crashflow.grouping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FunctionNamesTest {
  @Test
  void nativeNamesLoseArgumentsReturnTypesAndQualifiers() {
    assertEquals("google_breakpad::MinidumpFileWriter::Copy", FunctionNames.cleanNative(
        "google_breakpad::MinidumpFileWriter::Copy(unsigned int, void const*, long)"));
    assertEquals("Renderer::draw", FunctionNames.cleanNative("Renderer::draw() const"));
    assertEquals("Game::update", FunctionNames.cleanNative("void Game::update(float) &&"));
    assertEquals("main", FunctionNames.cleanNative("int main(int, char**)"));
  }

  @Test
  void templateArgumentsCollapse() {
    assertEquals("std::__ndk1::vector<T>::at", FunctionNames.cleanNative(
        "std::__ndk1::vector<Enemy*, std::__ndk1::allocator<Enemy*> >::at(unsigned long)"));
    assertEquals(FunctionNames.cleanNative("Pool<Bullet>::acquire()"),
        FunctionNames.cleanNative("Pool<Particle, 64>::acquire()"));
    assertEquals("Foo::operator<<", FunctionNames.cleanNative("Foo::operator<<(std::ostream&)"));
    assertEquals("Foo::operator()", FunctionNames.cleanNative("Foo::operator()(int) const"));
    assertEquals("Foo::operator new", FunctionNames.cleanNative("Foo::operator new(unsigned long)"));
  }

  @Test
  void lambdasOfEveryCompilerLoseTheirNumbers() {
    assertEquals(FunctionNames.cleanNative("Level::load()::{lambda(int)#1}::operator()(int) const"),
        FunctionNames.cleanNative("Level::load()::{lambda(int)#2}::operator()(int) const"));
    assertEquals("Level::load::lambda::operator()",
        FunctionNames.cleanNative("Level::load()::$_3::operator()() const"));
    assertEquals("(anonymous namespace)::lambda",
        FunctionNames.cleanNative("`anonymous namespace'::lambda_0123456789abcdef0123456789abcdef"));
  }

  @Test
  void compilerCloneSuffixesGo() {
    assertEquals("parse_header", FunctionNames.cleanNative("parse_header.isra.0"));
    assertEquals("parse_header", FunctionNames.cleanNative("parse_header.cold"));
    assertEquals("parse_header", FunctionNames.cleanNative("parse_header.constprop.3.isra.0"));
    assertEquals("parse_header", FunctionNames.cleanNative("parse_header.part.1"));
    assertEquals("Net::Socket::read",
        FunctionNames.cleanNative("Net::Socket::read(char*, unsigned long) [clone .cold]"));
    assertEquals("Net::Socket::read",
        FunctionNames.cleanNative("Net::Socket::read(char*) [clone .constprop.0] [clone .isra.0]"));
  }

  @Test
  void rustHashesSymbolVersionsAndIl2cppSuffixesGo() {
    assertEquals("game::physics::step",
        FunctionNames.cleanNative("game::physics::step::h0123456789abcdef"));
    assertEquals("alloc::vec::Vec<T>::fmt",
        FunctionNames.cleanNative("<alloc::vec::Vec<u8> as core::fmt::Debug>::fmt::h1122334455667788"));
    assertEquals("memcpy", FunctionNames.cleanNative("memcpy@@GLIBC_2.14"));
    assertEquals("PlayerController_Update", FunctionNames.cleanNative(
        "PlayerController_Update_mA1B2C3D4E5F60718293A4B5C6D7E8F9012345678"));
  }

  @Test
  void anonymousNamespacesAndObjectiveCSurvive() {
    assertEquals("(anonymous namespace)::Cache::evict",
        FunctionNames.cleanNative("(anonymous namespace)::Cache::evict(int)"));
    assertEquals("-[GameViewController viewDidLoad]",
        FunctionNames.cleanNative("-[GameViewController viewDidLoad]"));
  }

  @Test
  void jvmGeneratedNamesAreNeutralised() {
    assertEquals("lambda$onCreate$", FunctionNames.jvmFunction("lambda$onCreate$0"));
    assertEquals("lambda$onCreate$", FunctionNames.jvmFunction("lambda$onCreate$12$MainActivity"));
    assertEquals("access$", FunctionNames.jvmFunction("access$000"));
    assertEquals("$r8$lambda$", FunctionNames.jvmFunction("$r8$lambda$Xy3-zQ9aBc"));
    assertEquals("onClick$lambda", FunctionNames.jvmFunction("onClick$lambda-3"));
    assertEquals("load", FunctionNames.jvmFunction("load$suspendImpl"));
    assertEquals("getItems", FunctionNames.jvmFunction("getItems"));

    assertEquals("com.example.Shop$$Lambda", FunctionNames.jvmModule("com.example.Shop$$Lambda$14/0x0000000800c0b000"));
    assertEquals("com.example.Shop$$Lambda", FunctionNames.jvmModule("com.example.Shop$$Lambda/0x00000008000c4a38"));
    assertEquals("com.example.Shop$$ExternalSyntheticLambda",
        FunctionNames.jvmModule("com.example.Shop$$ExternalSyntheticLambda3"));
    assertEquals("com.example.-$$Lambda$Shop", FunctionNames.jvmModule("com.example.-$$Lambda$Shop$aBc-D3f"));
    assertEquals("com.example.Shop$<anon>", FunctionNames.jvmModule("com.example.Shop$1"));
    assertEquals("com.example.Shop$Inner$<anon>", FunctionNames.jvmModule("com.example.Shop$Inner$12"));
    assertEquals("com.example.Api$$EnhancerByGuice$$",
        FunctionNames.jvmModule("com.example.Api$$EnhancerByGuice$$ae46b1bf"));
    assertEquals("com.example.Api$$FastClassBySpringCGLIB$$",
        FunctionNames.jvmModule("com.example.Api$$FastClassBySpringCGLIB$$3f2a1b7c"));
    assertEquals("com.example.Dao_$$_javassist", FunctionNames.jvmModule("com.example.Dao_$$_javassist_42"));
    assertEquals("com.example.User$HibernateProxy", FunctionNames.jvmModule("com.example.User$HibernateProxy$Qx7Tz1"));
    assertEquals("jdk.internal.reflect.GeneratedMethodAccessor",
        FunctionNames.jvmModule("jdk.internal.reflect.GeneratedMethodAccessor123"));
  }

  @Test
  void kotlinCoroutineStateMachinesReadAsTheirSuspendFunction() {
    assertArrayEquals(new String[] {"com.example.Repo", "load"},
        FunctionNames.coroutine("com.example.Repo$load$1", "invokeSuspend"));
    assertNull(FunctionNames.coroutine("com.example.Repo$1", "invokeSuspend"));
    assertNull(FunctionNames.coroutine("com.example.Repo$load$1", "invoke"));
  }

  @Test
  void obfuscatedClassesAreRecognised() {
    assertTrue(FunctionNames.obfuscatedClass("a.b.c"));
    assertTrue(FunctionNames.obfuscatedClass("com.example.ab"));
    assertTrue(FunctionNames.obfuscatedClass("a0$b"));
    assertFalse(FunctionNames.obfuscatedClass("com.example.Shop"));
    assertFalse(FunctionNames.obfuscatedClass("java.lang.NullPointerException"));
    assertFalse(FunctionNames.obfuscatedClass("com.example.R"));
  }

  @Test
  void unityFunctionsLoseTheirArgumentList() {
    assertEquals("Update", FunctionNames.cleanCsharp("Update ()"));
    assertEquals("Spawn", FunctionNames.cleanCsharp("Spawn (UnityEngine.Vector3 pos)"));
  }
}
