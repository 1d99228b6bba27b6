; Inno Setup 6 script for Assist: per-machine install of the PyInstaller onedir build.
;
; 1. On Windows, build first (Git Bash):      packaging/build.sh        -> dist\assist\
; 2. Compile this script (Inno Setup 6.3+):  iscc packaging\windows\assist.iss
;                                             -> packaging\windows\Output\assist-0.1.0-setup.exe
;
; Installs to C:\Program Files\Assist, adds a Start-menu shortcut to the windowed launcher
; (assist-gui.exe); the console launcher for IT scripts is C:\Program Files\Assist\assist.exe.
;
; IT policy (optional), installed as %PROGRAMDATA%\Assist\policy.json:
;   - at compile time: put a policy.json next to this script; it is built into the installer, or
;   - at install time: assist-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /POLICY="\\server\share\policy.json"
;     (a /POLICY file wins over a built-in one). See packaging/POLICY.md.
; The policy is left in place on uninstall (it is IT's file, possibly managed by GPO/Intune).
; Per-user data (%LOCALAPPDATA%\Assist) is never touched by install or uninstall.

; AppVersion: keep in step with assist/__init__.py. BuildDir: relative to this script.
#define AppName "Assist"
#define AppVersion "0.1.0"
#define AppPublisher "Your organisation"
#define BuildDir "..\..\dist\assist"

[Setup]
; A fixed AppId lets later versions upgrade in place. Generate your own GUID once and keep it.
AppId={{6E0C2B0E-6A53-4C6B-9E0F-0A55157A0001}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppPublisher}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-machine: requires administrator rights, installs for all users.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputBaseFilename=assist-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\assist-gui.exe
UninstallDisplayName={#AppName} {#AppVersion}
; The app may be running on a user's session during upgrade.
CloseApplications=yes
; SignTool=... configure code signing here (Tools > Configure Sign Tools in the Inno IDE).

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole onedir build: both launchers and _internal\ (Python runtime, Qt, llama.cpp, default model).
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
#if FileExists(AddBackslash(SourcePath) + "policy.json")
; Built-in policy (a policy.json was next to this script at compile time).
Source: "policy.json"; DestDir: "{commonappdata}\Assist"; DestName: "policy.json"; Flags: ignoreversion uninsneveruninstall; Check: not PolicyParamGiven
#endif
; Policy given on the command line with /POLICY=path.
Source: "{param:POLICY|}"; DestDir: "{commonappdata}\Assist"; DestName: "policy.json"; Flags: external ignoreversion uninsneveruninstall; Check: PolicyParamGiven

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\assist-gui.exe"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\assist-gui.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\assist-gui.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent runasoriginaluser

[Code]
function PolicyParamGiven: Boolean;
begin
  Result := ExpandConstant('{param:POLICY|}') <> '';
end;

function InitializeSetup: Boolean;
var
  Policy: String;
begin
  Result := True;
  Policy := ExpandConstant('{param:POLICY|}');
  if (Policy <> '') and not FileExists(Policy) then
  begin
    SuppressibleMsgBox('Policy file not found: ' + Policy, mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;
