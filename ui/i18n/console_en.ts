<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AccountDialog</name>
    <message>
        <location filename="../admin/accounts.py" line="163" />
        <source>新建账号</source>
        <translation>New account</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="163" />
        <source>创建</source>
        <translation>Create</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="174" />
        <source>至少 {n} 位</source>
        <translation>At least {n} characters</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="175" />
        <source>登录名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="176" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="177" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="178" />
        <source>另任</source>
        <translation>Also serves as</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="179" />
        <source>工作组</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="180" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="181" />
        <source>再次输入密码</source>
        <translation>Password again</translation>
    </message>
</context>
<context>
    <name>AccountStatus</name>
    <message>
        <location filename="../admin/accounts.py" line="317" />
        <source>停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="319" />
        <source>锁定：{reason}</source>
        <translation>Locked: {reason}</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="321" />
        <source>锁定（登录失败过多，至 {until}）</source>
        <translation>Locked (too many failed logins, until {until})</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="323" />
        <source>启用</source>
        <translation>Enabled</translation>
    </message>
</context>
<context>
    <name>AccountsTab</name>
    <message>
        <location filename="../admin/accounts.py" line="243" />
        <source>登录名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="243" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="243" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="243" />
        <source>另任</source>
        <translation>Also serves as</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="244" />
        <source>工作组</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="244" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="244" />
        <source>最近登录</source>
        <translation>Last login</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="260" />
        <source>新建账号…</source>
        <translation>New account…</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="261" />
        <source>修改角色…</source>
        <translation>Change role…</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="262" />
        <source>重设密码…</source>
        <translation>Reset password…</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="263" />
        <source>锁定…</source>
        <translation>Lock…</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="264" />
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="265" />
        <location filename="../admin/accounts.py" line="484" />
        <source>停用</source>
        <translation>Disable</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="266" />
        <source>启用</source>
        <translation>Enable</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="267" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="278" />
        <source>停用：不再使用的账号（离职、调离）。锁定：暂时不许登录，登录时显示原因，解锁后照常使用；登录失败次数过多的锁定也在此解除。</source>
        <translation>Disable: an account no longer used (left, transferred). Lock: no login for now, the reason is shown at login, the account works again once unlocked; a lock after too many failed logins is lifted here too.</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="367" />
        <source>。PostgreSQL：请数据库所有者运行 python -m console db grant，使数据库登录与账号一致（新建、启用或解锁的账号再运行 db grant --user 登录名 设置其数据库密码）</source>
        <translation>. PostgreSQL: the database owner should run python -m console db grant so the database logins match the accounts (for a new, enabled or unlocked account also db grant --user NAME to set its database password)</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="374" />
        <source>没有用户「{name}」</source>
        <translation>No account "{name}"</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="389" />
        <location filename="../admin/accounts.py" line="425" />
        <source>两次输入的密码不一致</source>
        <translation>The two passwords differ</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="395" />
        <source>已创建账号 {name}（{title}）</source>
        <translation>Account {name} created ({title})</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="411" />
        <source>已修改 {name} 的角色</source>
        <translation>Role of {name} changed</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="428" />
        <source>重设您自己的密码？下次登录用新密码。</source>
        <translation>Reset your own password? Use the new password at your next login.</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="429" />
        <source>重设 {name}（{title}）的密码？旧密码立即失效，该账号的签名密钥换新，其命令行会话结束。</source>
        <translation>Reset the password of {name} ({title})? The old password stops working at once, the account gets a new signing key and its command-line sessions end.</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="431" />
        <source>重设密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="436" />
        <source>已重设 {name} 的密码</source>
        <translation>Password of {name} reset</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="447" />
        <source>不能锁定自己的账号</source>
        <translation>You cannot lock your own account</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="453" />
        <source>请填写锁定原因（登录被拒时显示给本人）</source>
        <translation>Enter the reason for the lock (shown to the person when their login is refused)</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="455" />
        <source>锁定账号</source>
        <translation>Lock account</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="456" />
        <source>锁定 {name}（{title}）？解锁前该账号不能登录，其命令行会话结束。</source>
        <translation>Lock {name} ({title})? The account cannot log in until unlocked; its command-line sessions end.</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="457" />
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="460" />
        <source>已锁定账号 {name}</source>
        <translation>Account {name} locked</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="471" />
        <source>已解锁账号 {name}</source>
        <translation>Account {name} unlocked</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="479" />
        <source>不能停用自己的账号</source>
        <translation>You cannot disable your own account</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="481" />
        <source>停用账号</source>
        <translation>Disable account</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="482" />
        <source>停用 {name}（{title}）？该账号不能再登录，其命令行会话结束；账号与其记录保留，可再启用。</source>
        <translation>Disable {name} ({title})? The account can no longer log in and its command-line sessions end; the account and its records are kept and it can be enabled again.</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="486" />
        <source>已启用账号 {name}</source>
        <translation>Account {name} enabled</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="486" />
        <source>已停用账号 {name}</source>
        <translation>Account {name} disabled</translation>
    </message>
</context>
<context>
    <name>AdminMenu</name>
    <message>
        <location filename="../admin/menu.py" line="38" />
        <source>管理(&amp;A)</source>
        <translation>&amp;Administration</translation>
    </message>
    <message>
        <location filename="../admin/menu.py" line="40" />
        <source>账号管理…</source>
        <translation>Accounts…</translation>
    </message>
    <message>
        <location filename="../admin/menu.py" line="48" />
        <source>{title}…</source>
        <translation>{title}…</translation>
    </message>
    <message>
        <location filename="../admin/menu.py" line="84" />
        <source>以管理员身份登录：账号、预案等在「管理」菜单</source>
        <translation>Signed in as administrator: accounts, plans and more are in the Administration menu</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../setup/wizard.py" line="412" />
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="413" />
        <source>创建第一个账号：系统管理员。之后由管理员在「账号」中为值班员、指挥长等创建账号；有账号后，每次启动都需要登录，所有操作记录在事件日志中。</source>
        <translation>Create the first account: the system administrator. The administrator then creates accounts for duty officers, commanders and others; once there are accounts, every start asks for a login and every action is recorded in the event log.</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="428" />
        <source>登录名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="429" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="430" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="431" />
        <source>再次输入密码</source>
        <translation>Password again</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="433" />
        <source>规则：登录名不能含空格，不超过 {n} 个字符；密码至少 {m} 位，请勿使用生日、电话号码等容易猜到的密码。密码丢失后只能由另一位管理员重置。</source>
        <translation>Rules: the login name has no spaces and at most {n} characters; the password has at least {m} characters; do not use a birthday, a phone number or anything easy to guess. A lost password can only be reset by another administrator.</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="449" />
        <source>两次输入的密码不一致，请重新输入</source>
        <translation>The two passwords differ; enter them again</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="460" />
        <source>系统管理员：{name}（{user}）</source>
        <translation>Administrator: {name} ({user})</translation>
    </message>
</context>
<context>
    <name>AdminTabs</name>
    <message>
        <location filename="../admin/tabs.py" line="22" />
        <source>预案库</source>
        <translation>Plan library</translation>
    </message>
    <message>
        <location filename="../admin/tabs.py" line="27" />
        <source>辖区</source>
        <translation>Jurisdiction</translation>
    </message>
    <message>
        <location filename="../admin/tabs.py" line="32" />
        <source>基础数据</source>
        <translation>Reference data</translation>
    </message>
    <message>
        <location filename="../admin/tabs.py" line="39" />
        <source>备份</source>
        <translation>Backups</translation>
    </message>
</context>
<context>
    <name>AdminWindow</name>
    <message>
        <location filename="../admin/window.py" line="70" />
        <source>管理 — 食品药品安全应急指挥台</source>
        <translation>Administration — Food &amp; Drug Safety Emergency Command Console</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="74" />
        <source>管理员：{user}　数据库：{db}</source>
        <translation>Administrator: {user}   Database: {db}</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="78" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="87" />
        <source>账号</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="98" />
        <source>此页未能加载：{reason}</source>
        <translation>This page could not be loaded: {reason}</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../incidents/approvals.py" line="47" />
        <source>登记批复：批准</source>
        <translation>Record the answer: approved</translation>
    </message>
    <message>
        <location filename="../incidents/approvals.py" line="47" />
        <source>登记批复：不批准</source>
        <translation>Record the answer: not approved</translation>
    </message>
    <message>
        <location filename="../incidents/approvals.py" line="55" />
        <source>批复机关</source>
        <translation>Answering body</translation>
    </message>
    <message>
        <location filename="../incidents/approvals.py" line="58" />
        <source>如 濮政文〔2026〕12号</source>
        <translation>e.g. Puzhengwen [2026] No. 12</translation>
    </message>
    <message>
        <location filename="../incidents/approvals.py" line="62" />
        <source>批准文号 *</source>
        <translation>Document number *</translation>
    </message>
    <message>
        <location filename="../incidents/approvals.py" line="64" />
        <source>不批准的理由 *</source>
        <translation>Reason for refusal *</translation>
    </message>
</context>
<context>
    <name>ApprovalsBox</name>
    <message>
        <location filename="../incidents/approvals.py" line="95" />
        <source>上级批复与时间窗口</source>
        <translation>Approvals and time windows</translation>
    </message>
    <message>
        <location filename="../incidents/approvals.py" line="121" />
        <source>{title}（批准机关：{body}）</source>
        <translation>{title} (to be approved by: {body})</translation>
    </message>
    <message>
        <location filename="../incidents/approvals.py" line="134" />
        <source>批准…</source>
        <translation>Approved…</translation>
    </message>
    <message>
        <location filename="../incidents/approvals.py" line="134" />
        <source>不批准…</source>
        <translation>Not approved…</translation>
    </message>
    <message>
        <location filename="../incidents/approvals.py" line="138" />
        <source>登记{body}的批复</source>
        <translation>Record the answer of {body}</translation>
    </message>
    <message>
        <location filename="../incidents/approvals.py" line="139" />
        <source>只有{who}可以登记批复</source>
        <translation>Only {who} may record the answer</translation>
    </message>
    <message>
        <location filename="../incidents/approvals.py" line="175" />
        <source>已满足</source>
        <translation>met</translation>
    </message>
    <message>
        <location filename="../incidents/approvals.py" line="175" />
        <source>无需等待：另一条件已满足</source>
        <translation>no need to wait (another condition is met)</translation>
    </message>
    <message>
        <location filename="../incidents/approvals.py" line="176" />
        <source>未满足</source>
        <translation>not yet met</translation>
    </message>
    <message>
        <location filename="../incidents/approvals.py" line="177" />
        <source>{event}：{label} {text}（{state}）</source>
        <translation>{event}: {label} {text} ({state})</translation>
    </message>
</context>
<context>
    <name>AttachmentsBox</name>
    <message>
        <location filename="../attachments/widget.py" line="57" />
        <location filename="../attachments/widget.py" line="167" />
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../attachments/widget.py" line="62" />
        <source>添加附件…</source>
        <translation>Add attachment…</translation>
    </message>
    <message>
        <location filename="../attachments/widget.py" line="63" />
        <source>照片、检验单、签报扫描件（PDF、JPEG、PNG、DOCX、XLSX，不超过 20 MB）</source>
        <translation>Photos, lab sheets, scanned memos (PDF, JPEG, PNG, DOCX, XLSX, up to 20 MB)</translation>
    </message>
    <message>
        <location filename="../attachments/widget.py" line="65" />
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../attachments/widget.py" line="100" />
        <source>报告 {id}</source>
        <translation>Report {id}</translation>
    </message>
    <message>
        <location filename="../attachments/widget.py" line="103" />
        <source>任务「{title}」</source>
        <translation>Task "{title}"</translation>
    </message>
    <message>
        <location filename="../attachments/widget.py" line="113" />
        <source>{who} 于 {when} 添加</source>
        <translation>Added by {who} at {when}</translation>
    </message>
    <message>
        <location filename="../attachments/widget.py" line="116" />
        <source>附件（{n}）</source>
        <translation>Attachments ({n})</translation>
    </message>
    <message>
        <location filename="../attachments/widget.py" line="133" />
        <source>无法读取文件：</source>
        <translation>Cannot read the file: </translation>
    </message>
    <message>
        <location filename="../attachments/widget.py" line="142" />
        <source>已添加附件 {name}，SHA-256 已记入事件日志</source>
        <translation>Attached {name}; its SHA-256 is recorded in the incident log</translation>
    </message>
    <message>
        <location filename="../attachments/widget.py" line="167" />
        <source>添加附件</source>
        <translation>Add attachment</translation>
    </message>
</context>
<context>
    <name>AttachmentsDialog</name>
    <message>
        <location filename="../attachments/widget.py" line="178" />
        <source>事件附件 — {id}</source>
        <translation>Incident attachments — {id}</translation>
    </message>
    <message>
        <location filename="../attachments/widget.py" line="186" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>BackupScheduler</name>
    <message>
        <location filename="../admin/schedule.py" line="98" />
        <source>定时备份失败：{reason}</source>
        <translation>Scheduled backup failed: {reason}</translation>
    </message>
</context>
<context>
    <name>BackupTab</name>
    <message>
        <location filename="../admin/backup.py" line="47" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="47" />
        <source>操作人</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="47" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="47" />
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="47" />
        <source>链头</source>
        <translation>Chain head</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="52" />
        <source>立即备份…</source>
        <translation>Back up now…</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="58" />
        <source>备份为在线备份：指挥台可照常工作。备份副本先校验事件链，通过后才保留，并作为事件记入日志（因此备份所含的链头在这条记录之前一个事件）。
恢复：先关闭所有指挥台，再在命令行运行 python -m console db restore 备份文件 --to 新数据库（新的 SQLite 文件或空的 PostgreSQL 数据库，绝不覆盖现有数据库）；恢复后的事件链校验通过，再让各指挥台打开新数据库。</source>
        <translation>Backups are taken online: the consoles keep working. The copy's event chain is verified before the copy is kept, and the backup is recorded as an event in the log (so the chain head the backup holds is the event just before that record).
Restore: close every console, then run python -m console db restore BACKUP-FILE --to NEW-DATABASE on the command line (a new SQLite file or an empty PostgreSQL database; an existing database is never overwritten); once the restored chain has verified, point the consoles at the new database.</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="68" />
        <source>最近的备份</source>
        <translation>Recent backups</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="87" />
        <source>最近一次定时备份：{line}</source>
        <translation>Last scheduled backup: {line}</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="88" />
        <source>本次启动以来尚未运行定时备份（在 文件 › 设置… 中设置）</source>
        <translation>No scheduled backup has run since this console started (set it in File › Settings…)</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="93" />
        <source>无法读取备份记录：{reason}</source>
        <translation>Cannot read the backup records: {reason}</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="109" />
        <source>备份到文件</source>
        <translation>Back up to file</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="119" />
        <source>正在备份……</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="125" />
        <source>备份未完成：{reason}</source>
        <translation>Backup not completed: {reason}</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="129" />
        <source>已写入备份 {path}（{size}），链头 seq={seq}，事件链校验通过，已记入事件日志</source>
        <translation>Backup written to {path} ({size}), chain head seq={seq}, event chain verified, recorded in the event log</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="132" />
        <source>已写入备份 {path}（{size}，pg_dump），链头 seq={seq}，已记入事件日志；恢复时校验事件链</source>
        <translation>Backup written to {path} ({size}, pg_dump), chain head seq={seq}, recorded in the event log; the event chain is verified on restore</translation>
    </message>
</context>
<context>
    <name>Confirm</name>
    <message>
        <location filename="../widgets/confirm.py" line="13" />
        <source>确定执行</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../widgets/confirm.py" line="14" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ConsoleSettings</name>
    <message>
        <location filename="../settings.py" line="64" />
        <source>无法解析</source>
        <extracomment>language code → the name shown in the settings dialog (in that language)</extracomment>
        <translation>cannot be parsed</translation>
    </message>
    <message>
        <location filename="../settings.py" line="75" />
        <source>不是 UTF-8 文本</source>
        <translation>not UTF-8 text</translation>
    </message>
    <message>
        <location filename="../settings.py" line="78" />
        <source>无法读取设置文件 {path}（{reason}），已使用默认设置。</source>
        <translation>Cannot read the settings file {path} ({reason}); using the defaults.</translation>
    </message>
    <message>
        <location filename="../settings.py" line="84" />
        <source>第 {n} 行格式错误：{line}</source>
        <translation>line {n} is malformed: {line}</translation>
    </message>
    <message>
        <location filename="../settings.py" line="94" />
        <source>原文件已另存为 {backup}</source>
        <translation>the original was kept as {backup}</translation>
    </message>
    <message>
        <location filename="../settings.py" line="96" />
        <source>原文件无法另存</source>
        <translation>the original could not be kept</translation>
    </message>
    <message>
        <location filename="../settings.py" line="97" />
        <source>设置文件 {path} 已损坏（{reason}），已恢复默认设置；{kept}。</source>
        <translation>The settings file {path} is damaged ({reason}); the defaults are in use; {kept}.</translation>
    </message>
    <message>
        <location filename="../settings.py" line="116" />
        <source>设置项「{key}」的值无效（{value}），已恢复默认值「{default}」。</source>
        <translation>The setting “{key}” has an invalid value ({value}); reset to the default “{default}”.</translation>
    </message>
</context>
<context>
    <name>ConsultationsPanel</name>
    <message>
        <location filename="../consultations/panel.py" line="114" />
        <source>发起会商</source>
        <translation>Open consultation</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="119" />
        <source>会商编号</source>
        <translation>Consultation No.</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="119" />
        <source>议题</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="119" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="196" />
        <location filename="../consultations/panel.py" line="214" />
        <source>结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="150" />
        <source>邀请所选专家</source>
        <translation>Invite the selected experts</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="132" />
        <source>专家意见</source>
        <translation>Expert opinions</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="166" />
        <location filename="../consultations/panel.py" line="213" />
        <source>记录意见</source>
        <translation>Record opinion</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="170" />
        <source>专家</source>
        <translation>Expert</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="119" />
        <location filename="../consultations/panel.py" line="130" />
        <location filename="../consultations/panel.py" line="171" />
        <source>意见</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="120" />
        <source>已提交意见人数 / 法定人数</source>
        <translation>Opinions given / quorum</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="130" />
        <source>受邀专家</source>
        <translation>Invited expert</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="130" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="135" />
        <location filename="../consultations/panel.py" line="309" />
        <source>不同意见</source>
        <translation>Dissent</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="153" />
        <source>按专业与可用状态列出的专家</source>
        <translation>Experts by specialty and availability</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="172" />
        <location filename="../consultations/panel.py" line="197" />
        <source>建议级别</source>
        <translation>Recommended level</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="173" />
        <source>意见内容</source>
        <translation>Opinion text</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="174" />
        <source>保留意见</source>
        <translation>Reservations</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="186" />
        <source>签发结论</source>
        <translation>Issue conclusion</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="187" />
        <source>签发前确认结论；签发后记入事件日志，不能更改</source>
        <translation>You confirm the conclusion first; once signed it is logged and cannot be changed</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="189" />
        <source>导出纪要 DOCX</source>
        <translation>Export minutes (DOCX)</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="190" />
        <source>导出纪要 PDF</source>
        <translation>Export minutes (PDF)</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="195" />
        <source>会商组长</source>
        <translation>Chair</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="198" />
        <source>结论意见</source>
        <translation>Conclusion summary</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="211" />
        <source>参会与意见</source>
        <translation>Experts and opinions</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="212" />
        <source>邀请</source>
        <translation>Invite</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="231" />
        <source>（不建议级别）</source>
        <translation>(no level recommended)</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="258" />
        <source>{id}：{title}（{question}）
{status}；发起 {opened}；意见 {n}/{quorum}</source>
        <translation>{id}: {title} ({question})
{status}; opened {opened}; opinions {n}/{quorum}</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="262" />
        <source>结论：{outcome}</source>
        <translation>Conclusion: {outcome}</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="283" />
        <location filename="../consultations/panel.py" line="359" />
        <location filename="../consultations/panel.py" line="418" />
        <source>，建议级别 {level}</source>
        <translation>, recommended level {level}</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="286" />
        <source>；保留意见：{dissent}</source>
        <translation>; reservation: {dissent}</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="307" />
        <source>发起会商，或在上方选择一次会商</source>
        <translation>Open a consultation, or select one above</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="311" />
        <source>{id}：{title}（{status}）
邀请 {invited} 人，已提交意见 {n} 人，法定人数 {quorum} 人</source>
        <translation>{id}: {title} ({status})
{invited} invited, {n} opinions given, quorum {quorum}</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="328" />
        <source>未提交</source>
        <translation>Not given</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="330" />
        <source>（保留）</source>
        <translation> (reservation)</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="332" />
        <source>（组长）</source>
        <translation> (chair)</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="350" />
        <source>不同意见（{n} 条）</source>
        <translation>Dissent ({n})</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="352" />
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="355" />
        <source>结论（{chair} 签发，{at}）：{outcome}</source>
        <translation>Conclusion (signed by {chair}, {at}): {outcome}</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="362" />
        <source>本结论签发时有 {n} 位专家持不同意见</source>
        <translation>{n} expert(s) dissented when this conclusion was signed</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="365" />
        <source>尚未形成结论</source>
        <translation>No conclusion yet</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="378" />
        <source>已发起会商 </source>
        <translation>Consultation opened: </translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="393" />
        <source>已邀请 {n} 位专家</source>
        <translation>{n} expert(s) invited</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="401" />
        <source>已记录专家意见</source>
        <translation>Expert opinion recorded</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="415" />
        <source>签发会商 {id}「{title}」的结论：{outcome}</source>
        <translation>Sign the conclusion of consultation {id} "{title}": {outcome}</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="419" />
        <source>结论意见：{summary}</source>
        <translation>Conclusion: {summary}</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="420" />
        <source>会商组长：{chair}</source>
        <translation>Chair: {chair}</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="423" />
        <source>有 {n} 位专家持不同意见（{names}），纪要和结论将如实注明。</source>
        <translation>{n} expert(s) dissent ({names}); the minutes and the conclusion will say so.</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="425" />
        <source>签发后记入事件日志，不能更改。</source>
        <translation>Once signed it is recorded in the incident log and cannot be changed.</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="430" />
        <source>确认：签发结论</source>
        <translation>Confirm: sign the conclusion</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="431" />
        <source>已取消，结论未签发</source>
        <translation>Cancelled; the conclusion was not signed</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="436" />
        <source>结论已签发，并记入事件日志</source>
        <translation>Conclusion issued and recorded in the incident log</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="463" />
        <source>已导出 </source>
        <translation>Exported: </translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="469" />
        <source>导出会商纪要</source>
        <translation>Export consultation minutes</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="276" />
        <source>不同意</source>
        <translation>Disagree</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="276" />
        <source>同意</source>
        <translation>Agree</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="113" />
        <location filename="../consultations/panel.py" line="162" />
        <location filename="../consultations/panel.py" line="181" />
        <source>分级研判</source>
        <translation>Grading assessment</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="113" />
        <location filename="../consultations/panel.py" line="162" />
        <location filename="../consultations/panel.py" line="181" />
        <source>技术咨询</source>
        <translation>Technical advice</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="113" />
        <location filename="../consultations/panel.py" line="162" />
        <location filename="../consultations/panel.py" line="181" />
        <source>提升级别</source>
        <translation>Raise the level</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="113" />
        <location filename="../consultations/panel.py" line="162" />
        <location filename="../consultations/panel.py" line="181" />
        <source>终止响应</source>
        <translation>Terminate the response</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="113" />
        <location filename="../consultations/panel.py" line="162" />
        <location filename="../consultations/panel.py" line="181" />
        <source>降低级别</source>
        <translation>Lower the level</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../contacts/dialog.py" line="210" />
        <source>修改联系人</source>
        <translation>Edit contact</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="210" />
        <source>添加联系人</source>
        <translation>Add contact</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="235" />
        <source>预案工作组填编号，多个用逗号分开，如 medical,testing</source>
        <translation>Plan units by id, separated by commas, e.g. medical,testing</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="241" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="242" />
        <source>取消</source>
        <translation>Cancelled</translation>
    </message>
</context>
<context>
    <name>ContactsPanel</name>
    <message>
        <location filename="../contacts/panel.py" line="69" />
        <source>未选择事件</source>
        <translation>No incident selected</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="72" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="72" />
        <source>待通知事项</source>
        <translation>To be notified</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="72" />
        <source>通知对象</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="74" />
        <source>通知…</source>
        <translation>Notify…</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="75" />
        <source>记录一次电话、短信、传真或当面通知（选中上面的事项则据此拟好通知内容）</source>
        <translation>Record a phone call, SMS, fax or in-person notification (select an item above to have the message prepared from it)</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="77" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="77" />
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="77" />
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="77" />
        <source>方式</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="78" />
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="78" />
        <source>回复内容</source>
        <translation>Reply</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="78" />
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="78" />
        <source>记录人</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="92" />
        <source>查找：名称、单位、职务、职责、号码（含专家库）</source>
        <translation>Search: name, organisation, position, duties, number (experts included)</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="95" />
        <source>添加…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="96" />
        <source>修改…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="97" />
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="101" />
        <source>导入（XLSX）</source>
        <translation>Import (XLSX)</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="102" />
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="105" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="105" />
        <source>名称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="105" />
        <source>所属单位</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="105" />
        <source>职务或值班角色</source>
        <translation>Position or duty role</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="106" />
        <source>办公电话</source>
        <translation>Office phone</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="106" />
        <source>手机</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="106" />
        <source>传真</source>
        <translation>Fax</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="106" />
        <source>职责</source>
        <translation>Responsibilities</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="107" />
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="122" />
        <source>通知记录</source>
        <translation>Notifications</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="123" />
        <source>通讯录</source>
        <translation>Directory</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="152" />
        <source>未选择事件：请在事件列表中选择一起事件</source>
        <translation>No incident selected: select an incident in the incident list</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="173" />
        <source>预案要求的通知尚有 {n} 项未通知</source>
        <translation>{n} notice(s) required by the plan not yet notified</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="179" />
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="186" />
        <source>预案通知（{channel}）：{text}</source>
        <translation>Plan notice ({channel}): {text}</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="189" />
        <source>任务：{title}（{unit}）</source>
        <translation>Task: {title} ({unit})</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="190" />
        <source>报告：{title}</source>
        <translation>Report: {title}</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="194" />
        <source>已通知（{n} 次）</source>
        <translation>Notified ({n}×)</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="196" />
        <source>未通知（{n} 次未接通）</source>
        <translation>Not notified ({n} unanswered)</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="197" />
        <source>未通知</source>
        <translation>Not notified</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="217" />
        <source>请先选择一起事件</source>
        <translation>Select an incident first</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="241" />
        <source>已记录通知：</source>
        <translation>Notification recorded: </translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="261" />
        <location filename="../contacts/panel.py" line="285" />
        <source>专家的信息在专家库中维护，请到「专家库」修改</source>
        <translation>Experts are kept in the expert roster: change them there</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="276" />
        <source>已保存：</source>
        <translation>Saved: </translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="282" />
        <source>请先在通讯录中选择一条</source>
        <translation>Select an entry in the directory first</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="292" />
        <source>删除联系人</source>
        <translation>Delete contact</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="293" />
        <source>确定从通讯录中删除「{who}」吗？已有的通知记录保留原样。</source>
        <translation>Delete "{who}" from the directory? Notifications already recorded stay as they are.</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="304" />
        <source>已删除：</source>
        <translation>Deleted: </translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="314" />
        <source>已导入 {n} 条联系人</source>
        <translation>Imported {n} contacts</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="323" />
        <source>已导出 {n} 条联系人</source>
        <translation>Exported {n} contacts</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="327" />
        <source>导入通讯录</source>
        <translation>Import directory</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="327" />
        <location filename="../contacts/panel.py" line="333" />
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="332" />
        <source>导出通讯录</source>
        <translation>Export directory</translation>
    </message>
    <message>
        <location filename="../contacts/panel.py" line="332" />
        <source>通讯录.xlsx</source>
        <translation>directory.xlsx</translation>
    </message>
</context>
<context>
    <name>ControllerWindow</name>
    <message>
        <location filename="../drills/controller.py" line="83" />
        <source>导调台（演练）— </source>
        <translation>Exercise control (drill) — </translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="102" />
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="103" />
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="104" />
        <source>继续</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="105" />
        <location filename="../drills/controller.py" line="332" />
        <source>结束演练</source>
        <translation>End drill</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="107" />
        <source>复盘…</source>
        <translation>Review…</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="109" />
        <source>在复盘窗口中拖动时间查看任一时刻的态势</source>
        <translation>Drag the time in the review window to see the situation at any instant</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="110" />
        <source>导出演练报告…</source>
        <translation>Export drill report…</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="113" />
        <source>演练评估报告…</source>
        <translation>Exercise evaluation report…</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="114" />
        <source>演练总结报告…</source>
        <translation>Exercise summary report…</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="116" />
        <source>意外终止…</source>
        <translation>Stop early…</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="118" />
        <source>导入整改项到台账</source>
        <translation>Import items into the register</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="126" />
        <source>倍速</source>
        <translation>Speed</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="135" />
        <source>注入（控制信息）</source>
        <translation>Injects (control messages)</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="141" />
        <location filename="../drills/controller.py" line="156" />
        <source>分会场</source>
        <translation>Site</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="144" />
        <source>全部分会场</source>
        <translation>All sites</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="148" />
        <source>未分段</source>
        <translation>Not in a segment</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="155" />
        <location filename="../drills/controller.py" line="176" />
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="155" />
        <source>阶段</source>
        <translation>Phase</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="155" />
        <source>注入</source>
        <translation>Inject</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="155" />
        <source>计划</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="156" />
        <location filename="../drills/controller.py" line="177" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="156" />
        <location filename="../drills/controller.py" line="176" />
        <source>发出</source>
        <translation>Released</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="157" />
        <source>发布人</source>
        <translation>Released by</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="170" />
        <source>立即发出所选注入</source>
        <translation>Release the selected inject now</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="173" />
        <location filename="../drills/controller.py" line="176" />
        <source>预期行动</source>
        <translation>Expected actions</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="176" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="177" />
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="184" />
        <location filename="../drills/controller.py" line="557" />
        <source>被拒绝的操作</source>
        <translation>Refused attempts</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="188" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="188" />
        <source>参演人员</source>
        <translation>Player</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="188" />
        <source>尝试的操作</source>
        <translation>Attempted action</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="189" />
        <source>拒绝原因</source>
        <translation>Reason refused</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="210" />
        <source>评估记录</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="216" />
        <source>达标</source>
        <translation>Met</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="216" />
        <source>部分达标</source>
        <translation>Partly met</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="216" />
        <source>未达标</source>
        <translation>Not met</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="219" />
        <source>评估意见</source>
        <translation>Evaluator's comment</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="220" />
        <source>保存评定</source>
        <translation>Save rating</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="221" />
        <source>评估项</source>
        <translation>Evaluation item</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="227" />
        <location filename="../drills/controller.py" line="229" />
        <source>现场点评</source>
        <translation>Hot wash</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="228" />
        <source>记录点评</source>
        <translation>Record comment</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="233" />
        <source>存在问题</source>
        <translation>Issue found</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="235" />
        <source>整改措施</source>
        <translation>Corrective action</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="237" />
        <source>责任单位</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="239" />
        <source>完成期限，如 2026-12-31</source>
        <translation>Due date, e.g. 2026-12-31</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="240" />
        <source>添加整改项</source>
        <translation>Add corrective action</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="241" />
        <source>改进计划</source>
        <translation>Improvement plan</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="253" />
        <source>P 顺利完成</source>
        <translation>P Performed without challenges</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="253" />
        <source>S 存在一些问题</source>
        <translation>S Performed with some challenges</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="254" />
        <source>M 存在重大问题</source>
        <translation>M Performed with major challenges</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="254" />
        <source>U 未能完成</source>
        <translation>U Unable to be performed</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="257" />
        <source>观察记录</source>
        <translation>Observations</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="258" />
        <source>保存能力评定</source>
        <translation>Save capability rating</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="259" />
        <source>能力评定</source>
        <translation>Capability rating</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="266" />
        <source>优点</source>
        <translation>Strength</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="266" />
        <source>需改进</source>
        <translation>Area for improvement</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="267" />
        <source>预案的合理性与可操作性</source>
        <translation>Soundness and workability of the plan</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="267" />
        <source>指挥协调与应急联动</source>
        <translation>Command, coordination and joint response</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="268" />
        <source>设备装备适用性</source>
        <translation>Suitability of equipment</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="268" />
        <source>成本效益</source>
        <translation>Cost-effectiveness</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="269" />
        <source>经验教训</source>
        <translation>Lessons learned</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="272" />
        <location filename="../drills/controller.py" line="276" />
        <source>评估发现</source>
        <translation>Finding</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="274" />
        <source>原因</source>
        <translation>Cause</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="275" />
        <source>记录发现</source>
        <translation>Record finding</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="327" />
        <source>结束后演练时钟停止，演练不能继续。</source>
        <translation>Once ended, the drill clock stops and the drill cannot be resumed.</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="329" />
        <source>尚有 {0} 条注入未发出，将不再发出。</source>
        <translation>{0} injects have not been released and will not be.</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="331" />
        <source>尚有 {0} 项预期行动未完成，将按未完成评估。</source>
        <translation>{0} expected actions are not done and will be assessed as not done.</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="332" />
        <source>确定结束演练「{0}」？</source>
        <translation>End the drill “{0}”?</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="334" />
        <source>导调结束演练</source>
        <translation>Drill ended by the exercise controller</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="349" />
        <source>终止原因</source>
        <translation>Reason for stopping</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="351" />
        <source>脚本列出的终止条件：</source>
        <translation>Stop criteria in the scenario:</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="352" />
        <location filename="../drills/controller.py" line="357" />
        <location filename="../drills/controller.py" line="362" />
        <source>意外终止</source>
        <translation>Early stop</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="357" />
        <source>决定终止的人</source>
        <translation>Who decided to stop</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="360" />
        <source>确定意外终止演练「{0}」？演练将立即结束，不能继续。
原因：{1}</source>
        <translation>Stop the drill "{0}" early? It ends at once and cannot be resumed.
Reason: {1}</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="373" />
        <source>本次演练未连接实战数据库，无法导入整改台账</source>
        <translation>This drill is not connected to the real database: the items cannot be imported</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="377" />
        <source>请先结束演练，再导入整改项</source>
        <translation>End the drill before importing its items</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="381" />
        <source>导调</source>
        <translation>Controller</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="388" />
        <source>已导入整改台账 {0} 项（已在台账中 {1} 项）</source>
        <translation>{0} items imported into the register ({1} already there)</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="414" />
        <source>演练评估报告</source>
        <translation>Exercise evaluation report</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="414" />
        <source>演练总结报告</source>
        <translation>Exercise summary report</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="416" />
        <source>导出演练报告</source>
        <translation>Export drill report</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="417" />
        <source>Word 文档 (*.docx);;PDF 文件 (*.pdf)</source>
        <translation>Word document (*.docx);;PDF file (*.pdf)</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="428" />
        <source>演练报告已导出：{0}</source>
        <translation>Drill report exported: {0}</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="447" />
        <source>演练推进出错：</source>
        <translation>Error while advancing the drill: </translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="456" />
        <source>请先选择要发出的注入</source>
        <translation>Select the inject to release first</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="556" />
        <source>被拒绝的操作（{0}）</source>
        <translation>Refused attempts ({0})</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="398" />
        <location filename="../drills/controller.py" line="411" />
        <location filename="../drills/controller.py" line="463" />
        <location filename="../drills/controller.py" line="473" />
        <location filename="../drills/controller.py" line="484" />
        <location filename="../drills/controller.py" line="496" />
        <location filename="../drills/controller.py" line="505" />
        <source>演练尚未开始</source>
        <translation>The drill has not started</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="467" />
        <location filename="../drills/controller.py" line="478" />
        <location filename="../drills/controller.py" line="489" />
        <location filename="../drills/controller.py" line="508" />
        <source>评估员</source>
        <translation>Evaluator</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="499" />
        <source>点评人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="520" />
        <source>未开始</source>
        <translation>Not started</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="522" />
        <source>已结束</source>
        <translation>Ended</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="524" />
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="526" />
        <source>已暂停</source>
        <translation>Paused</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="547" />
        <location filename="../drills/controller.py" line="569" />
        <source>已发出</source>
        <translation>Released</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="547" />
        <location filename="../drills/controller.py" line="569" />
        <source>已完成（超时）</source>
        <translation>Done (late)</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="547" />
        <location filename="../drills/controller.py" line="569" />
        <source>已按时完成</source>
        <translation>Done on time</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="547" />
        <location filename="../drills/controller.py" line="569" />
        <source>已超时未完成</source>
        <translation>Overdue, not done</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="547" />
        <location filename="../drills/controller.py" line="569" />
        <source>待发出</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="547" />
        <location filename="../drills/controller.py" line="569" />
        <source>待完成</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="89" />
        <source>演练</source>
        <translation>DRILL</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="547" />
        <location filename="../drills/controller.py" line="569" />
        <source>等待触发</source>
        <translation>Awaiting trigger</translation>
    </message>
</context>
<context>
    <name>Countdown</name>
    <message>
        <location filename="../widgets/common.py" line="42" />
        <source>逾期 {d}天{h}小时</source>
        <translation>Overdue {d} d {h} h</translation>
    </message>
    <message>
        <location filename="../widgets/common.py" line="43" />
        <source>逾期 {h}:{m:02d}</source>
        <translation>Overdue {h}:{m:02d}</translation>
    </message>
    <message>
        <location filename="../widgets/common.py" line="33" />
        <source>{d}天 </source>
        <translation>{d} d </translation>
    </message>
</context>
<context>
    <name>DatabasePage</name>
    <message>
        <location filename="../setup/wizard.py" line="166" />
        <source>数据库</source>
        <translation>Database</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="167" />
        <source>指挥台的全部数据（事件日志、账号、物资、专家）保存在这里。单机使用选内置数据库；多台指挥台共用一个数据库时选 PostgreSQL 服务器。</source>
        <translation>All of the console's data (event log, accounts, materials, experts) is kept here. For a single desk choose the embedded database; for several consoles sharing one database choose a PostgreSQL server.</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="171" />
        <source>内置数据库（推荐单机使用）</source>
        <translation>Embedded database (recommended for a single desk)</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="173" />
        <source>SQLite 数据库文件</source>
        <translation>SQLite database file</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="175" />
        <source>PostgreSQL 服务器</source>
        <translation>PostgreSQL server</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="182" />
        <source>如 D:/指挥台/centre.sqlite3</source>
        <translation>e.g. D:/console/centre.sqlite3</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="183" />
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="187" />
        <source>postgresql://用户名@服务器:5432/数据库名</source>
        <translation>postgresql://user@server:5432/database</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="188" />
        <source>测试连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="203" />
        <source>服务器的准备（建库、为每个账号建登录）见 docs/admin.md 第 8 节与 docs/security.md。选择保存在设置文件中，以后启动直接打开这个数据库。</source>
        <translation>Preparing a server (creating the database, one login per account): docs/admin.md section 8 and docs/security.md. The choice is saved in the settings file; later starts open this database directly.</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="216" />
        <source>位置：{path}</source>
        <translation>Location: {path}</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="238" />
        <source>数据库文件</source>
        <translation>Database file</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="239" />
        <source>SQLite 数据库 (*.sqlite3 *.db)</source>
        <translation>SQLite database (*.sqlite3 *.db)</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="252" />
        <source>请填写数据库文件的位置</source>
        <translation>Enter where the database file is</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="257" />
        <source>「{path}」不是 SQLite 数据库文件名：请以 .sqlite3、.sqlite 或 .db 结尾</source>
        <translation>"{path}" is not a SQLite database file name: it must end in .sqlite3, .sqlite or .db</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="262" />
        <source>请填写 PostgreSQL 地址，如 postgresql://用户名@服务器:5432/数据库名</source>
        <translation>Enter a PostgreSQL address, e.g. postgresql://user@server:5432/database</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="272" />
        <location filename="../setup/wizard.py" line="279" />
        <source>无法连接：{reason}</source>
        <translation>Cannot connect: {reason}</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="283" />
        <source>连接成功：空数据库，下一步将建立数据表</source>
        <translation>Connected: an empty database; the next step creates the tables</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="284" />
        <source>连接成功：已有数据表（版本 {revision}）</source>
        <translation>Connected: the tables exist (revision {revision})</translation>
    </message>
</context>
<context>
    <name>DeadlineList</name>
    <message>
        <location filename="../incidents/panels.py" line="493" />
        <source>倒计时</source>
        <translation>Time left</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="493" />
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="512" />
        <source>未起算</source>
        <translation>Not started</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="522" />
        <source>立即</source>
        <translation>Immediately</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../setup/wizard.py" line="579" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="580" />
        <source>设置完成。点「完成」打开指挥台，并以新建的管理员身份登录。</source>
        <translation>Setup is complete. Click Finish to open the console, logged in as the new administrator.</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="591" />
        <source>数据库：{db}</source>
        <translation>Database: {db}</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="592" />
        <source>辖区：{name}（{code}）</source>
        <translation>Jurisdiction: {name} ({code})</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="593" />
        <source>辖区：未设置</source>
        <translation>Jurisdiction: not set</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="598" />
        <source>未导入（以后可在指挥台或命令行中导入）：{what}</source>
        <translation>Not imported (can be imported later in the console or on the command line): {what}</translation>
    </message>
</context>
<context>
    <name>DutyLogPanel</name>
    <message>
        <location filename="../duty/panel.py" line="40" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="40" />
        <source>记录时间</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="40" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="40" />
        <source>事件</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="41" />
        <source>记录人</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="41" />
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="42" />
        <source>记入当前事件</source>
        <translation>Log to the current incident</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="45" />
        <source>记录</source>
        <translation>Log</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="47" />
        <source>值守记录</source>
        <translation>Duty log entry</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="54" />
        <source>交接班</source>
        <translation>Shift handover</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="59" />
        <source>交接</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="62" />
        <source>交班人</source>
        <translation>Outgoing officer</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="63" />
        <source>接班人</source>
        <translation>Incoming officer</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="64" />
        <source>班次</source>
        <translation>Shift</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="65" />
        <source>交接内容</source>
        <translation>Handover notes</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="66" />
        <source>未结事项</source>
        <translation>Open items</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="93" />
        <source>全中心</source>
        <translation>Centre-wide</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="119" />
        <source>已记录：</source>
        <translation>Logged: </translation>
    </message>
</context>
<context>
    <name>ErrorLogDialog</name>
    <message>
        <location filename="../health/dialog.py" line="46" />
        <source>错误日志</source>
        <translation>Error log</translation>
    </message>
    <message>
        <location filename="../health/dialog.py" line="53" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../health/dialog.py" line="53" />
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../health/dialog.py" line="53" />
        <source>位置</source>
        <translation>Where</translation>
    </message>
    <message>
        <location filename="../health/dialog.py" line="53" />
        <source>消息</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../health/dialog.py" line="68" />
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../health/dialog.py" line="70" />
        <source>打开所在文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../health/dialog.py" line="72" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../health/dialog.py" line="90" />
        <source>日志文件：{path}（共显示 {n} 条，最新在前）</source>
        <translation>Log file: {path} ({n} records shown, newest first)</translation>
    </message>
    <message>
        <location filename="../health/dialog.py" line="93" />
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../health/dialog.py" line="93" />
        <source>错误</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../health/dialog.py" line="93" />
        <source>严重</source>
        <translation>Critical</translation>
    </message>
    <message>
        <location filename="../health/dialog.py" line="106" />
        <source>没有记录：本机控制台尚未发生错误。</source>
        <translation>No records: this console has had no errors.</translation>
    </message>
    <message>
        <location filename="../health/dialog.py" line="143" />
        <source>错误日志…</source>
        <translation>Error log…</translation>
    </message>
</context>
<context>
    <name>ExpertsPanel</name>
    <message>
        <location filename="../experts/panel.py" line="35" />
        <source>全部专业</source>
        <translation>All specialties</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="39" />
        <source>只看可参会</source>
        <translation>Available only</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="44" />
        <source>设置所选专家状态</source>
        <translation>Set the selected expert's availability</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="46" />
        <source>导入（CSV/XLSX）</source>
        <translation>Import (CSV/XLSX)</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="47" />
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="51" />
        <source>专业</source>
        <translation>Specialty</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="59" />
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="59" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="59" />
        <source>专业领域</source>
        <translation>Specialties</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="59" />
        <source>工作单位</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="60" />
        <source>职称</source>
        <translation>Professional title</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="60" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="60" />
        <source>可用状态</source>
        <translation>Availability</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="60" />
        <source>所在地</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="86" />
        <source>请先选择一位专家</source>
        <translation>Select an expert first</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="91" />
        <source>{name} 的状态已设为「{state}」</source>
        <translation>{name}: availability set to “{state}”</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="100" />
        <source>已导入 {n} 位专家</source>
        <translation>{n} expert(s) imported</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="109" />
        <source>已导出 {n} 位专家</source>
        <translation>{n} expert(s) exported</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="113" />
        <source>导入专家库</source>
        <translation>Import the expert roster</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="118" />
        <source>导出专家库</source>
        <translation>Export the expert roster</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>不可用</source>
        <translation>Unavailable</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>临床医学</source>
        <translation>Clinical medicine</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>临床毒理</source>
        <translation>Clinical toxicology</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>临床药学</source>
        <translation>Clinical pharmacy</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>医疗器械</source>
        <translation>Medical devices</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>可参会</source>
        <translation>Available</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>外出</source>
        <translation>Away</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>检验检测</source>
        <translation>Testing and inspection</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>法律</source>
        <translation>Law</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>流行病学</source>
        <translation>Epidemiology</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>舆情与公共传播</source>
        <translation>Public opinion and communication</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>药品不良反应监测</source>
        <translation>Adverse drug reaction monitoring</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>药品质量</source>
        <translation>Drug quality</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>营养与食品卫生</source>
        <translation>Nutrition and food hygiene</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>食品安全</source>
        <translation>Food safety</translation>
    </message>
</context>
<context>
    <name>FactsForm</name>
    <message>
        <location filename="../incidents/facts_form.py" line="69" />
        <source>经评估认为可能达到的值（可能造成的后果），分级规则中“含经评估可能”的条件会用到</source>
        <translation>The value an assessment finds possible (the consequences it may cause); grading conditions marked “including assessed” use it</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="70" />
        <source>经评估可能</source>
        <translation>Assessed as possible</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="99" />
        <source>（未填）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="101" />
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="102" />
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="121" />
        <source>整数</source>
        <translation>integer</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="121" />
        <source>数值</source>
        <translation>number</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="124" />
        <source>时间，如 2026-11-22 14:15</source>
        <translation>time, e.g. 2026-11-22 14:15</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="126" />
        <source>时长，如 PT72H（72 小时）、P3D（3 天）</source>
        <translation>Duration, e.g. PT72H (72 hours), P3D (3 days)</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="200" />
        <source>「{label}」必须是整数，而不是「{text}」</source>
        <translation>“{label}” must be an integer, not “{text}”</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="205" />
        <source>「{label}」必须是数值，而不是「{text}」</source>
        <translation>“{label}” must be a number, not “{text}”</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="210" />
        <source>「{label}」必须是时间（如 2026-12-06 08:15），而不是「{text}」</source>
        <translation>"{label}" must be a time (e.g. 2026-12-06 08:15), not "{text}"</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="226" />
        <source>「{label}」为必填项</source>
        <translation>“{label}” is required</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="272" />
        <source>经评估可能：{reason}</source>
        <translation>Assessed as possible: {reason}</translation>
    </message>
</context>
<context>
    <name>GradingTexts</name>
    <message>
        <location filename="../incidents/grading_view.py" line="24" />
        <source>按建议级别 {body}</source>
        <translation>By the suggested level: {body}</translation>
    </message>
    <message>
        <location filename="../incidents/grading_view.py" line="27" />
        <source>可相应提高响应级别（至多{n}级）：{title}</source>
        <translation>The response level may be raised accordingly (by at most {n}): {title}</translation>
    </message>
    <message>
        <location filename="../incidents/grading_view.py" line="30" />
        <source>需认定（{level}级）：{title}（规则 {rule}，由{who}认定）</source>
        <translation>Needs a judgement (level {level}): {title} (rule {rule}, judged by {who})</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../setup/wizard.py" line="544" />
        <source>预案</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="545" />
        <source>把本中心的应急预案（YAML 格式）加入这个数据库的预案库。每个预案先经检查，有错误时列出文件、行、列，不会加入。接报时只提供预案库中的预案；也可以稍后由管理员在「管理 → 预案库」中加入。</source>
        <translation>Add the centre's emergency plans (YAML) to this database's plan library. Each plan is checked first; errors are listed by file, line and column and the plan is not added. Intake offers only the plans in the library; an administrator can also add them later under Administration → Plan library.</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="549" />
        <source>基础数据</source>
        <translation>Reference data</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="550" />
        <source>导入储备库、应急物资库存、专家库、乡镇和监管对象名录、最低储备量（CSV 或 Excel）。每个文件全部通过检查才写入；有问题时逐行列出，不写入任何数据。也可以跳过，以后在「管理 → 基础数据」中导入。</source>
        <translation>Import depots, emergency material stock, the expert registry, the township and regulated-entity registers and minimum stock (CSV or Excel). A file is written only when every row passes the checks; problems are listed row by row and nothing is written. You may skip this and import later under Administration → Reference data.</translation>
    </message>
</context>
<context>
    <name>ImprovementsDialog</name>
    <message>
        <location filename="../improvements/dialog.py" line="43" />
        <location filename="../improvements/dialog.py" line="85" />
        <source>整改台账</source>
        <translation>Improvement register</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="58" />
        <source>筛选</source>
        <translation>Filter</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="61" />
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="61" />
        <source>待验证</source>
        <translation>Awaiting verification</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="61" />
        <source>全部</source>
        <translation>Show all</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="67" />
        <source>改状态…</source>
        <translation>Change status…</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="68" />
        <source>验证…</source>
        <translation>Verify…</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="69" />
        <source>关联预案…</source>
        <translation>Link to plan…</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="70" />
        <source>导入演练整改项…</source>
        <translation>Import drill items…</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="76" />
        <location filename="../improvements/dialog.py" line="107" />
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="76" />
        <location filename="../improvements/dialog.py" line="109" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="76" />
        <source>存在问题</source>
        <translation>Issue found</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="77" />
        <source>整改措施</source>
        <translation>Corrective action</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="77" />
        <source>责任单位</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="77" />
        <source>完成期限</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="78" />
        <source>来源演练</source>
        <translation>Source drill</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="79" />
        <location filename="../improvements/dialog.py" line="220" />
        <location filename="../improvements/dialog.py" line="223" />
        <source>验证</source>
        <translation>Verification</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="79" />
        <source>预案修订/培训</source>
        <translation>Plan revision / training</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="95" />
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="107" />
        <source>计划时间</source>
        <translation>Planned</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="107" />
        <source>演练名称</source>
        <translation>Drill</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="108" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="108" />
        <source>预案</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="108" />
        <source>参演单位</source>
        <translation>Participating units</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="113" />
        <source>年度演练计划</source>
        <translation>Annual drill plan</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="126" />
        <source>（逾期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="145" />
        <source>请先在台账中选择一项整改项</source>
        <translation>Select an item in the register first</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="174" />
        <source>整改项 {0} 已改为「{1}」</source>
        <translation>Item {0} is now "{1}"</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="179" />
        <source>整改项 {0} 已由 {1} 验证</source>
        <translation>Item {0} verified by {1}</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="184" />
        <source>整改项 {0} 已关联</source>
        <translation>Item {0} linked</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="195" />
        <source>演练「{0}」：导入 {1} 项，已在台账中 {2} 项</source>
        <translation>Drill "{0}": {1} items imported, {2} already in the register</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="204" />
        <source>改状态</source>
        <translation>Change status</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="204" />
        <source>整改项 {0} 的新状态</source>
        <translation>New status of item {0}</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="211" />
        <source>不采纳</source>
        <translation>Not adopted</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="211" />
        <source>不采纳的原因</source>
        <translation>Reason for not adopting</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="220" />
        <source>验证人（姓名）</source>
        <translation>Verified by (name)</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="223" />
        <source>验证意见</source>
        <translation>Verification note</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="232" />
        <source>培训（填写说明）</source>
        <translation>Training (describe it)</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="233" />
        <source>关联预案</source>
        <translation>Link to plan</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="233" />
        <source>整改项 {0} 促成的预案修订或培训</source>
        <translation>The plan revision or training item {0} led to</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="241" />
        <source>关联培训</source>
        <translation>Link to training</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="241" />
        <source>培训说明（时间、对象、内容）</source>
        <translation>Training (when, who, what)</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="246" />
        <source>选择演练数据库</source>
        <translation>Choose the drill database</translation>
    </message>
    <message>
        <location filename="../improvements/dialog.py" line="247" />
        <source>演练数据库 (*.sqlite3)</source>
        <translation>Drill database (*.sqlite3)</translation>
    </message>
</context>
<context>
    <name>IncidentDetail</name>
    <message>
        <location filename="../incidents/panels.py" line="561" />
        <source>请在列表或地图上选择事件</source>
        <translation>Select an incident in the list or on the map</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="578" />
        <source>分级</source>
        <translation>Grading</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="591" />
        <source>认定级别…</source>
        <translation>Decide level…</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="593" />
        <source>绘制影响范围</source>
        <translation>Draw affected area</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="595" />
        <source>影响半径…</source>
        <translation>Affected radius…</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="600" />
        <source>附件…</source>
        <translation>Attachments…</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="608" />
        <source>编写说明</source>
        <translation>Authoring notes</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="613" />
        <source>预案编写者对该规则的说明（来源、待核实之处）</source>
        <translation>The plan authors' notes on this rule (sources, points still to be confirmed)</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="627" />
        <source>可执行的预案事件</source>
        <translation>Plan events you may fire</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="649" />
        <source>任务（按责任单位）</source>
        <translation>Tasks (by responsible unit)</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="651" />
        <source>期限（倒计时）</source>
        <translation>Deadlines (countdown)</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="671" />
        <source>保存事实（续报信息）</source>
        <translation>Save facts (update)</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="679" />
        <source>放弃我的修改</source>
        <translation>Discard my edits</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="701" />
        <source>概况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="702" />
        <source>事实</source>
        <translation>Facts</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="765" />
        <source>预案：{plan}</source>
        <translation>Plan: {plan}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="766" />
        <source>当前：{path}</source>
        <translation>Now: {path}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="766" />
        <source>（已结案）</source>
        <translation> (closed)</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="767" />
        <source>接报：{t}　地点：{place}</source>
        <translation>Received: {t}   Place: {place}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="775" />
        <source>任务（按责任单位，未完成 {n} 项）</source>
        <translation>Tasks (by responsible unit, {n} open)</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="783" />
        <source>只有{who}可以认定级别</source>
        <translation>only {who} can decide the level</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="796" />
        <source>发生时间：{t}</source>
        <translation>Occurred: {t}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="800" />
        <source>报告人：{who}</source>
        <translation>Caller: {who}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="802" />
        <source>主要症状：{text}</source>
        <translation>Main symptoms: {text}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="810" />
        <source>当前级别：{level}</source>
        <translation>Current level: {level}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="813" />
        <source>认定：{basis}，{actor} {t}；理由：{reason}</source>
        <translation>Decided: {basis}, {actor} {t}; reason: {reason}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="817" />
        <source>依据：{reason}</source>
        <translation>Basis: {reason}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="825" />
        <source>系统建议：{level}</source>
        <translation>Suggested: {level}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="829" />
        <source>命中规则：{rule}</source>
        <translation>Matched rule: {rule}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="832" />
        <source>预案条款：{clause}</source>
        <translation>Plan clause: {clause}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="836" />
        <source>升级：{title}（{base} → {level}）</source>
        <translation>Raised: {title} ({base} → {level})</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="843" />
        <source>同时符合：{rules}</source>
        <translation>Also matched: {rules}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="846" />
        <source>已填事实未达到任何分级规则</source>
        <translation>The facts so far match no grading rule</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="849" />
        <source>当前级别与建议不一致，请会商后认定</source>
        <translation>The current level differs from the suggestion: consult, then decide</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="860" />
        <source>{title}（规则 {id}）</source>
        <translation>{title} (rule {id})</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="862" />
        <source>：依据 {basis}</source>
        <translation>: basis {basis}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="864" />
        <source>（阈值未经原文确认，待核实）</source>
        <translation> (threshold not confirmed against the source text; to be verified)</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="886" />
        <location filename="../incidents/panels.py" line="1049" />
        <source>执行「{title}」</source>
        <translation>Fire “{title}”</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="902" />
        <source>当前没有可执行的预案事件</source>
        <translation>No plan event can be fired now</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="902" />
        <source>事件已结案</source>
        <translation>The incident is closed</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="911" />
        <source>时间窗口未满足：{w}</source>
        <translation>Time window not yet met: {w}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="951" />
        <source>{who}更新了事实：{labels}。您未保存的修改（{mine}）已保留：保存将以您的修改为准，或点「放弃我的修改」采用最新数据。</source>
        <translation>{who} updated facts: {labels}. Your unsaved edits ({mine}) are kept: saving keeps your values; or click “Discard my edits” to take the latest data.</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="962" />
        <source>其他席位</source>
        <translation>another seat</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="967" />
        <source>{names}（{t}）</source>
        <translation>{names} ({t})</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1033" />
        <source>已拒绝：{reason}</source>
        <translation>Refused: {reason}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1037" />
        <source>{id}：{text}</source>
        <translation>{id}: {text}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1037" />
        <source>未执行</source>
        <translation>Not carried out</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1050" />
        <source>保存事实</source>
        <translation>Save facts</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1050" />
        <source>完成任务</source>
        <translation>completing the task</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1051" />
        <source>撤销完成</source>
        <translation>Withdraw completion</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1051" />
        <source>签收任务</source>
        <translation>Acknowledge task</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1052" />
        <source>认定级别</source>
        <translation>deciding the level</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1052" />
        <source>登记批复</source>
        <translation>record an approval</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1061" />
        <source>未执行：该事件刚被其他席位更新，已显示最新状态，请确认后重试</source>
        <translation>Not done: the incident was just updated at another seat; the latest state is shown, please check and try again</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1064" />
        <source>未执行：在您查看之后，{changes}。已显示最新状态，请确认后再操作</source>
        <translation>Not done: since you looked, {changes}. The latest state is shown; please check before acting</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1071" />
        <source>「{title}」尚不能执行，时间窗口未满足：{w}</source>
        <translation>“{title}” cannot be done yet, time window not met: {w}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1074" />
        <source>确认：{title}</source>
        <translation>Confirm: {title}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1075" />
        <source>已取消：{title}</source>
        <translation>Cancelled: {title}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1077" />
        <source>已执行：{title}</source>
        <translation>Done: {title}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1090" />
        <source>事件将被排除，不再按本预案处置</source>
        <translation>the incident will be dismissed and no longer handled under this plan</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1091" />
        <source>将降低响应级别或转为非级别处置</source>
        <translation>the response will be lowered or turned into non-graded handling</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1092" />
        <source>将终止应急响应</source>
        <translation>the emergency response will be terminated</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1093" />
        <location filename="../incidents/panels.py" line="1094" />
        <source>事件将结案</source>
        <translation>the incident will be closed</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1096" />
        <source>这是提请，转入评估；响应本身尚未改变</source>
        <translation>this is a proposal: it goes to review; the response itself does not change yet</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1098" />
        <source>；结案后不能再更改，未完成的任务和期限不再跟踪</source>
        <translation>; once closed it cannot be changed, and open tasks and deadlines are no longer tracked</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1100" />
        <source>（尚有 {n} 项任务未完成）</source>
        <translation> ({n} tasks still open)</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1101" />
        <source>确定要「{title}」吗？{what}{tasks}。此操作会记入事件日志。</source>
        <translation>Really “{title}”? {what}{tasks}. This is recorded in the incident log.</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1126" />
        <source>确认：完成任务</source>
        <translation>Confirm: task done</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1127" />
        <source>确定任务「{title}」已完成吗？将以当前时间记为完成时间并记入事件日志（如属误记，可用「撤销」更正）。</source>
        <translation>Is the task “{title}” done? The current time will be recorded as its completion in the incident log (if this is a mistake, correct it with “Undo”).</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1129" />
        <source>未记录完成：{title}</source>
        <translation>Not recorded as done: {title}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1136" />
        <source>撤销完成：{title}</source>
        <translation>Withdraw completion: {title}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1137" />
        <source>撤销理由（必填，记入事件日志）：</source>
        <translation>Reason for withdrawing (required, recorded in the incident log):</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1141" />
        <source>已撤销完成，任务重新打开：{title}</source>
        <translation>Completion withdrawn, task reopened: {title}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1150" />
        <source>签收任务：{title}</source>
        <translation>Acknowledge task: {title}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1151" />
        <source>签收人（姓名或单位）：</source>
        <translation>Acknowledged by (name or unit):</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1157" />
        <source>已签收：{title}</source>
        <translation>Acknowledged: {title}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1172" />
        <source>已登记：{by}批准「{title}」</source>
        <translation>Recorded: {by} approved “{title}”</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1172" />
        <source>已登记：{by}不批准「{title}」</source>
        <translation>Recorded: {by} did not approve “{title}”</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1193" />
        <source>{fields}填写有误，未保存（见各项下方的说明）</source>
        <translation>{fields}: incorrect input, nothing saved (see the note under each field)</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1131" />
        <source>任务已完成：{title}</source>
        <translation>Task completed: {title}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1181" />
        <source>级别已认定为 {level}</source>
        <translation>Level decided: {level}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1198" />
        <source>事实没有改动</source>
        <translation>The facts are unchanged</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="1203" />
        <source>已保存 {n} 项事实</source>
        <translation>{n} fact(s) saved</translation>
    </message>
</context>
<context>
    <name>IncidentList</name>
    <message>
        <location filename="../incidents/panels.py" line="87" />
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="87" />
        <source>事件名称</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="87" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="88" />
        <source>下一期限</source>
        <translation>Next deadline</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="88" />
        <source>指派给</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="99" />
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="99" />
        <source>已结束</source>
        <translation>Ended</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="99" />
        <source>全部</source>
        <translation>Show all</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="103" />
        <source>上一页</source>
        <translation>Previous</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="106" />
        <source>下一页</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="187" />
        <source>第 {p}/{n} 页，共 {total} 起</source>
        <translation>Page {p} of {n}, {total} incidents</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="197" />
        <source>未分级</source>
        <translation>Ungraded</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="204" />
        <source>接报：{t}</source>
        <translation>Received: {t}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="215" />
        <source>有逾期的期限</source>
        <translation>Has overdue deadlines</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="227" />
        <source>处置中 {n} 起</source>
        <translation>{n} open</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="245" />
        <source>指派给 {who}</source>
        <translation>Assigned to {who}</translation>
    </message>
</context>
<context>
    <name>InitialReportDialog</name>
    <message>
        <location filename="../incidents/intake.py" line="75" />
        <source>核对并报送{kind}</source>
        <translation>Review and submit the {kind}</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="77" />
        <source>草稿</source>
        <translation>draft</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="79" />
        <source>已由来电和接报信息预填</source>
        <translation>Pre-filled from the call and the intake</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="97" />
        <source>请核对必填的叙述内容（可修改）</source>
        <translation>Review the required narrative (editable)</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="133" />
        <source>报送{kind}(&amp;S)</source>
        <translation>&amp;Submit {kind}</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="136" />
        <source>保存草稿，稍后报送</source>
        <translation>Save draft, submit later</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="198" />
        <source>确认报送(&amp;Y)</source>
        <translation>Confirm and submit (&amp;Y)</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="208" />
        <source>（未填主送单位）</source>
        <translation>(no recipient given)</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="210" />
        <source>报送「{title}」至 {to}？</source>
        <translation>Submit “{title}” to {to}?</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="212" />
        <source>请确认已核对：{fields}。</source>
        <translation>Confirm you have reviewed: {fields}.</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="213" />
        <source>报送后内容冻结并记入事件日志，不能再修改（如需更正，须另建更正版本）。</source>
        <translation>Once submitted, the content is frozen and recorded in the incident log; it cannot be changed (a correction is a new version).</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="216" />
        <source>确认后依次记入审核、签发（签发人：{who}）与报送。</source>
        <translation>On confirmation the review, the signature (signatory: {who}) and the submission are recorded in turn.</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="218" />
        <source>您的角色不能签发：确认后记为已审核，由指挥长或副指挥长在「信息报送」中签发后报送。</source>
        <translation>Your role cannot sign: on confirmation the report is recorded as reviewed; the commander or a deputy commander signs it under Reporting before it is submitted.</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="219" />
        <source>报送{kind}</source>
        <translation>Submit {kind}</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="228" />
        <source>{kind}已审核，待签发：请指挥长或副指挥长在「信息报送」中签发后报送</source>
        <translation>{kind} reviewed, waiting to be signed: the commander or a deputy commander signs it under Reporting, then it is submitted</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="240" />
        <source>已报送</source>
        <translation>submitted</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="243" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="244" />
        <source>✔ {kind}已报送：{no}，{at}；内容摘要 SHA-256 {hash}…</source>
        <translation>✔ {kind} submitted: {no}, {at}; content SHA-256 {hash}…</translation>
    </message>
</context>
<context>
    <name>InjectInbox</name>
    <message>
        <location filename="../drills/inbox.py" line="82" />
        <source>演练中发给参演人员的电话、传真、媒体报道等消息，最新的在最上面。</source>
        <translation>Calls, faxes, media reports and other messages sent to the players during the drill, newest first.</translation>
    </message>
    <message>
        <location filename="../drills/inbox.py" line="89" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../drills/inbox.py" line="89" />
        <source>来自</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../drills/inbox.py" line="89" />
        <source>方式</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../drills/inbox.py" line="89" />
        <source>消息</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../drills/inbox.py" line="103" />
        <source>选择一条消息查看全文</source>
        <translation>Select a message to read it in full</translation>
    </message>
    <message>
        <location filename="../drills/inbox.py" line="124" />
        <source> → {0}</source>
        <translation> → {0}</translation>
    </message>
    <message>
        <location filename="../drills/inbox.py" line="155" />
        <source>{time}　{sender}（{channel}）→ {receiver}</source>
        <translation>{time}  {sender} ({channel}) → {receiver}</translation>
    </message>
</context>
<context>
    <name>Intake</name>
    <message>
        <location filename="../incidents/intake.py" line="359" />
        <source>预案库中没有{name}（{code}）可用的预案，不能接报。请管理员在「文件 → 预案库…」中添加本辖区的预案（命令行：python -m console plan add 预案文件.yaml）。</source>
        <translation>The plan library has no plan in use for {name} ({code}), so no call can be received. An administrator adds this jurisdiction's plans under File → Plan library… (command line: python -m console plan add plan-file.yaml).</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="371" />
        <source>位置在辖区外</source>
        <translation>Outside the jurisdiction</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="372" />
        <source>该位置（{lat:.5f}, {lon:.5f}）不在{name}辖区内。仍要在此处接报吗？</source>
        <translation>The point ({lat:.5f}, {lon:.5f}) is outside {name}. Receive an incident here anyway?</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="388" />
        <source>请在地图上单击事发地点（Esc 取消）</source>
        <translation>Click the incident's location on the map (Esc cancels)</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="427" />
        <source>接报失败：{reason}</source>
        <translation>Could not receive the incident: {reason}</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="435" />
        <source>已接报：{id} {title}</source>
        <translation>Received: {id} {title}</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="442" />
        <source>接报</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="450" />
        <source>该预案没有报告类型，未起草初报</source>
        <translation>The plan has no report kinds: no initial report drafted</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="454" />
        <source>初报未起草：{reason}</source>
        <translation>Initial report not drafted: {reason}</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="479" />
        <source>{title}已报送（{no}）</source>
        <translation>{title} submitted ({no})</translation>
    </message>
    <message>
        <location filename="../incidents/intake.py" line="481" />
        <source>{title}草稿已保存，可在“信息报送”中继续编辑后报送</source>
        <translation>{title} draft saved; edit and submit it in “Reports”</translation>
    </message>
</context>
<context>
    <name>JurisdictionPage</name>
    <message>
        <location filename="../setup/wizard.py" line="306" />
        <source>辖区</source>
        <translation>Jurisdiction</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="307" />
        <source>选择本中心的辖区（行政区划）。地图、坐标核对和预案排序都以辖区为准；辖区保存在数据库中，所有连接这个数据库的指挥台都使用它。</source>
        <translation>Choose the centre's jurisdiction (administrative division). The map, the coordinate checks and the order of plans follow it; it is kept in the database, and every console on this database uses it.</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="312" />
        <source>输入名称或行政区划代码查找，如 郑州、金水、4101</source>
        <translation>Search by name or division code, e.g. Zhengzhou, Jinshui, 4101</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="360" />
        <source>没有找到「{query}」：请输入名称的一部分或代码前缀</source>
        <translation>Nothing found for "{query}": enter part of a name or the start of a code</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="374" />
        <source>行政区划代码「{code}」不在离线行政区划数据中</source>
        <translation>Division code "{code}" is not in the offline division data</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="383" />
        <source>已选择：{code} {full}（{level}）</source>
        <translation>Selected: {code} {full} ({level})</translation>
    </message>
</context>
<context>
    <name>JurisdictionTab</name>
    <message>
        <location filename="../setup/jurisdiction_tab.py" line="28" />
        <source>辖区保存在数据库中，连接这个数据库的所有指挥台都使用它：地图范围、坐标核对、接报时提供的预案。更改后，各指挥台重新启动即按新辖区显示地图。</source>
        <translation>The jurisdiction is kept in the database and every console connected to it uses it: the map's extent, the coordinate checks, the plans offered at intake. After a change, each console shows the new jurisdiction on its map once restarted.</translation>
    </message>
    <message>
        <location filename="../setup/jurisdiction_tab.py" line="31" />
        <source>更改辖区…</source>
        <translation>Change jurisdiction…</translation>
    </message>
    <message>
        <location filename="../setup/jurisdiction_tab.py" line="49" />
        <source>尚未设置辖区：地图显示全国范围，储备库坐标无法核对。</source>
        <translation>No jurisdiction set yet: the map shows the whole country and depot coordinates cannot be checked.</translation>
    </message>
    <message>
        <location filename="../setup/jurisdiction_tab.py" line="54" />
        <source>本中心辖区：{full}（{code}，{level}）
设置人：{who}　设置时间：{at}</source>
        <translation>This centre's jurisdiction: {full} ({code}, {level})
Set by: {who}   Set at: {at}</translation>
    </message>
</context>
<context>
    <name>LevelDialog</name>
    <message>
        <location filename="../incidents/dialogs.py" line="66" />
        <source>认定事件级别</source>
        <translation>Decide the incident level</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="71" />
        <source>系统建议：{level}</source>
        <translation>Suggested: {level}</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="73" />
        <source>依据规则：{rule}</source>
        <translation>Rule: {rule}</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="81" />
        <source>不分级（非级别事件）</source>
        <translation>Not graded (below the levels)</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="89" />
        <source>必填：认定的理由，如“经专家会商核定”“市政府决定”</source>
        <translation>Required: the reason, e.g. “confirmed by the expert consultation”</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="95" />
        <source>（不引用需认定规则）</source>
        <translation>(cite no judgement rule)</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="97" />
        <source>{level}级：{title}（{id}）</source>
        <translation>Level {level}: {title} ({id})</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="101" />
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="103" />
        <source>需认定规则</source>
        <translation>Judgement rule</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="106" />
        <source>认定依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="107" />
        <source>理由 *</source>
        <translation>Reason *</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="123" />
        <source>请填写认定级别的理由</source>
        <translation>Give the reason for the level</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="128" />
        <source>所选需认定规则认定的是{level}级，请选择该级别或不引用规则</source>
        <translation>The chosen judgement rule decides level {level}: choose that level or cite no rule</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <location filename="../incidents/linked.py" line="49" />
        <source>必填，记入两起事件的日志（如：同一批次产品、同一供餐单位）</source>
        <translation>Required; recorded in both incidents' logs (e.g. same product batch, same caterer)</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="52" />
        <source>事件</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="53" />
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="61" />
        <source>没有可选的未结案事件</source>
        <translation>No open incident to choose</translation>
    </message>
</context>
<context>
    <name>LinkedBox</name>
    <message>
        <location filename="../incidents/linked.py" line="83" />
        <location filename="../incidents/linked.py" line="162" />
        <location filename="../incidents/linked.py" line="193" />
        <source>关联事件</source>
        <translation>Linked incidents</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="97" />
        <source>关系</source>
        <translation>Relation</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="97" />
        <source>事件</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="97" />
        <source>接报</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="97" />
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="100" />
        <source>关联事件…</source>
        <translation>Link incident…</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="101" />
        <source>与另一起未结案的事件互相关联（如同一批次产品），两起事件的日志同时记录</source>
        <translation>Link with another open incident (e.g. the same product batch); both incidents' logs record it together</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="103" />
        <source>并入…</source>
        <translation>Merge into…</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="104" />
        <source>把本事件并入另一起事件：本事件结案，未完成的任务不再需要</source>
        <translation>Merge this incident into another: this one is closed and its open tasks are no longer needed</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="106" />
        <source>取消关联…</source>
        <translation>Unlink…</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="132" />
        <source>（已结案）</source>
        <translation> (closed)</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="136" />
        <source>双击查看该事件</source>
        <translation>Double-click to show this incident</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="140" />
        <source>移交至：{id} {title}</source>
        <translation>Handed over to: {id} {title}</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="140" />
        <source>移交自：{id} {title}</source>
        <translation>Handed over from: {id} {title}</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="151" />
        <source>关联</source>
        <translation>Linked</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="151" />
        <source>已并入本事件</source>
        <translation>Merged into this one</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="151" />
        <source>并入至</source>
        <translation>Merged into</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="152" />
        <source>移交至</source>
        <translation>Handed over to</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="152" />
        <source>移交自</source>
        <translation>Handed over from</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="162" />
        <source>选择要与本事件关联的未结案事件，并写明理由：</source>
        <translation>Choose the open incident to link with this one, and give the reason:</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="174" />
        <location filename="../incidents/linked.py" line="203" />
        <source>并入事件</source>
        <translation>Merge incident</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="175" />
        <source>把本事件（{id}）并入所选事件：本事件将结案，未完成的任务不再需要。</source>
        <translation>Merge this incident ({id}) into the chosen one: this incident will be closed and its open tasks no longer needed.</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="185" />
        <location filename="../incidents/linked.py" line="198" />
        <source>取消关联</source>
        <translation>Unlink</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="185" />
        <source>取消本事件与所选事件的关联，并写明理由：</source>
        <translation>Remove the link between this incident and the chosen one, and give the reason:</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="195" />
        <source>已关联事件 {id}</source>
        <translation>Linked with incident {id}</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="200" />
        <source>已取消与事件 {id} 的关联</source>
        <translation>Link with incident {id} removed</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="205" />
        <source>已并入事件 {id}，本事件已结案</source>
        <translation>Merged into incident {id}; this incident is closed</translation>
    </message>
    <message>
        <location filename="../incidents/linked.py" line="221" />
        <source>已拒绝：{reason}</source>
        <translation>Refused: {reason}</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../admin/accounts.py" line="219" />
        <source>锁定账号 — {name}</source>
        <translation>Lock account — {name}</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="219" />
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="223" />
        <source>如：调离岗位、密码疑似泄露</source>
        <translation>e.g. transferred to another post, password may be leaked</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="224" />
        <source>账号</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="225" />
        <source>锁定原因</source>
        <translation>Reason for the lock</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="226" />
        <source>锁定后该账号不能登录，直到管理员解锁；登录时显示此原因。</source>
        <translation>A locked account cannot log in until an administrator unlocks it; this reason is shown at login.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../auth/login.py" line="57" />
        <source>登录 — 食品药品安全应急指挥台</source>
        <translation>Sign in — Food &amp; Drug Safety Emergency Command Console</translation>
    </message>
    <message>
        <location filename="../auth/login.py" line="63" />
        <source>登录名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../auth/login.py" line="64" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../auth/login.py" line="66" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../auth/login.py" line="74" />
        <source>数据库：{0}</source>
        <translation>Database: {0}</translation>
    </message>
    <message>
        <location filename="../auth/login.py" line="76" />
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../auth/login.py" line="77" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../auth/login.py" line="100" />
        <source>请输入登录名和密码</source>
        <translation>Enter the user name and password</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="100" />
        <source>食品药品安全应急指挥台</source>
        <translation>Food &amp; Drug Safety Emergency Command Console</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="101" />
        <source>（演练）</source>
        <translation> (DRILL)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="123" />
        <source>已关闭</source>
        <translation>switched off</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="131" />
        <source>事件列表</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="133" />
        <source>事件处置</source>
        <translation>Incident handling</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="155" />
        <source>演练 · DRILL — 本窗口中的事件均为演练，不是真实事件</source>
        <translation>DRILL — every incident in this window is an exercise, not a real event</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="358" />
        <source>记录逾期期限失败：{reason}</source>
        <translation>Could not record missed deadlines: {reason}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="364" />
        <source>记录逾期期限</source>
        <translation>recording missed deadlines</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="407" />
        <source>地图不可用：{reason}</source>
        <translation>Map unavailable: {reason}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="426" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="427" />
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="428" />
        <source>预案库…</source>
        <translation>Plan library…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="429" />
        <source>基础数据…</source>
        <translation>Reference data…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="431" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="432" />
        <source>事件(&amp;E)</source>
        <translation>&amp;Incident</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="433" />
        <source>接报新事件…</source>
        <translation>Receive a new incident…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="434" />
        <source>执行主要预案事件</source>
        <translation>Fire the main plan event</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="435" />
        <source>保存事实</source>
        <translation>Save facts</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="436" />
        <source>认定级别…</source>
        <translation>Decide level…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="437" />
        <source>更新事实</source>
        <translation>Update facts</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="438" />
        <source>绘制影响范围</source>
        <translation>Draw affected area</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="439" />
        <source>设置影响半径…</source>
        <translation>Set affected radius…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="440" />
        <source>上一起事件</source>
        <translation>Previous incident</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="441" />
        <source>下一起事件</source>
        <translation>Next incident</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="442" />
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="444" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="445" />
        <source>定位到事件列表</source>
        <translation>Go to the incident list</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="446" />
        <source>定位到地图</source>
        <translation>Go to the map</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="447" />
        <source>恢复默认布局</source>
        <translation>Restore the default layout</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="448" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="449" />
        <location filename="../main_window.py" line="716" />
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="454" />
        <source>演练</source>
        <translation>DRILL</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="454" />
        <source>实战</source>
        <translation>Live</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="482" />
        <source>用户：{user}</source>
        <translation>User: {user}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="483" />
        <source>用户：{user}（{role}）</source>
        <translation>User: {user} ({role})</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="462" />
        <source>数据库：{db}</source>
        <translation>Database: {db}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="494" />
        <source>处置中 {n} 起</source>
        <translation>{n} open</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="496" />
        <source>逾期 {n} 起</source>
        <translation>{n} overdue</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="540" />
        <location filename="../main_window.py" line="596" />
        <location filename="../main_window.py" line="603" />
        <source>请先选择事件</source>
        <translation>Select an incident first</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="543" />
        <source>此事件现在不能认定级别</source>
        <translation>the level of this incident cannot be decided now</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="562" />
        <source>设置已保存；语言、瓦片服务、用户和角色在重新启动后生效</source>
        <translation>Settings saved; language, tile server, user and role apply at the next start</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="599" />
        <source>在地图上依次单击影响范围的各个顶点，双击结束，Esc 取消</source>
        <translation>Click the corners of the affected area on the map; double-click to finish, Esc to cancel</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="605" />
        <source>影响半径</source>
        <translation>Affected radius</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="605" />
        <source>以事发地为中心的影响半径（公里）：</source>
        <translation>Radius around the incident (km):</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="613" />
        <source>该事件没有位置，无法设置影响半径</source>
        <translation>The incident has no position; cannot set a radius</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="631" />
        <source>影响范围未保存：{reason}</source>
        <translation>Affected area not saved: {reason}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="636" />
        <source>影响范围已记录</source>
        <translation>Affected area recorded</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="638" />
        <source>记录影响范围</source>
        <translation>recording the affected area</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="736" />
        <source>地图不可用：{reason}；其余功能不受影响</source>
        <translation>Map unavailable: {reason}; the rest of the console works</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="369" />
        <source>观察席：只读查看，不能更改事件</source>
        <translation>Observer seat: read-only, incidents cannot be changed</translation>
    </message>
    <message>
        <location filename="../widgets/outage.py" line="42" />
        <source>数据库状态</source>
        <translation>Database status</translation>
    </message>
    <message>
        <location filename="../widgets/outage.py" line="70" />
        <source>数据库暂时无法访问：显示的数据可能自 {at} 起已过时，未保存的输入仍保留在窗口中；恢复连接后将自动刷新。（{reason}）</source>
        <translation>The database cannot be reached: what is shown may be out of date since {at}; unsaved input stays in the window. It refreshes by itself once the connection is back. ({reason})</translation>
    </message>
    <message>
        <location filename="../widgets/outage.py" line="83" />
        <source>数据库已恢复连接，已刷新</source>
        <translation>The database is back; refreshed</translation>
    </message>
    <message>
        <location filename="../widgets/outage.py" line="110" />
        <source>程序内部错误（已记录）：{0}</source>
        <translation>Internal error (logged): {0}</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="10" />
        <location filename="../contacts/labels.py" line="33" />
        <source>电话</source>
        <translation>Phone call</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="11" />
        <location filename="../contacts/labels.py" line="36" />
        <source>短信</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="12" />
        <location filename="../contacts/labels.py" line="37" />
        <location filename="../contacts/labels.py" line="49" />
        <source>传真</source>
        <translation>Fax</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="13" />
        <source>当面</source>
        <translation>In person</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="17" />
        <source>已接通</source>
        <translation>Reached</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="18" />
        <source>未接通</source>
        <translation>Not reached</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="19" />
        <source>已告知</source>
        <translation>Informed</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="20" />
        <source>已回复</source>
        <translation>Replied</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="24" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="25" />
        <source>带班领导</source>
        <translation>Leader on duty</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="26" />
        <source>联络人</source>
        <translation>Liaison</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="27" />
        <source>成员单位</source>
        <translation>Member unit</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="28" />
        <source>专家</source>
        <translation>Expert</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="34" />
        <source>公文</source>
        <translation>Official document</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="35" />
        <source>系统</source>
        <translation>System</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="42" />
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="43" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="44" />
        <source>名称或姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="45" />
        <source>所属单位</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="46" />
        <source>职务或值班角色</source>
        <translation>Position or duty role</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="47" />
        <source>办公电话</source>
        <translation>Office phone</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="48" />
        <source>手机</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="50" />
        <source>职责</source>
        <translation>Responsibilities</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="51" />
        <source>预案工作组</source>
        <translation>Plan units</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="52" />
        <source>地区</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../contacts/labels.py" line="53" />
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../widgets/runner.py" line="165" />
        <source>正在{what}…</source>
        <translation>Busy: {what}…</translation>
    </message>
    <message>
        <location filename="../widgets/runner.py" line="167" />
        <source>（另有 {n} 项排队）</source>
        <translation> ({n} more queued)</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="30" />
        <source>演练与复盘</source>
        <translation>&amp;Drills and review</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="32" />
        <source>开始演练…</source>
        <translation>Start a drill…</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="35" />
        <source>复盘所选事件…</source>
        <translation>Review the selected incident…</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="39" />
        <source>整改台账…</source>
        <translation>Improvement register…</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="42" />
        <source>年度演练计划…</source>
        <translation>Annual drill plan…</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="83" />
        <source>无法开始演练：{0}</source>
        <translation>Cannot start the drill: {0}</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="107" />
        <source>没有可复盘的事件</source>
        <translation>No incident to review</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="109" />
        <source>复盘</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="109" />
        <source>选择事件</source>
        <translation>Choose an incident</translation>
    </message>
    <message>
        <location filename="../sync/live.py" line="151" />
        <source>同步：正常</source>
        <translation>Sync: OK</translation>
    </message>
    <message>
        <location filename="../sync/live.py" line="151" />
        <source>同步：重新连接中…</source>
        <translation>Sync: reconnecting…</translation>
    </message>
    <message>
        <location filename="../sync/live.py" line="152" />
        <source>同步：已停止</source>
        <translation>Sync: stopped</translation>
    </message>
    <message>
        <location filename="../sync/live.py" line="174" />
        <source>数据库已切换到备用服务器 {server}，已补齐 {n} 条事件</source>
        <translation>Database switched to the standby server {server}; {n} events caught up</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="76" />
        <source>信息报送</source>
        <translation>Reporting</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="78" />
        <source>专家会商</source>
        <translation>Expert consultation</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="80" />
        <source>应急物资</source>
        <translation>Emergency supplies</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="82" />
        <source>应急值守</source>
        <translation>Duty watch</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="84" />
        <source>专家库</source>
        <translation>Expert roster</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="86" />
        <source>通讯录与通知</source>
        <translation>Contacts &amp; notifications</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="88" />
        <source>值守席位</source>
        <translation>Seats</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="118" />
        <source>部分面板未能加载：{reason}</source>
        <translation>Some panels could not be loaded: {reason}</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="136" />
        <source>时间线</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <location filename="../room/status.py" line="25" />
        <source>专家库更新</source>
        <translation>Expert registry updated</translation>
    </message>
    <message>
        <location filename="../room/status.py" line="25" />
        <source>值守记录</source>
        <translation>Duty log entry</translation>
    </message>
    <message>
        <location filename="../room/status.py" line="25" />
        <source>应急物资库存变动</source>
        <translation>Stock changed</translation>
    </message>
    <message>
        <location filename="../room/status.py" line="25" />
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
</context>
<context>
    <name>MapLabels</name>
    <message>
        <location filename="../map/labels.py" line="15" />
        <source>行政区划</source>
        <translation>Boundaries</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="16" />
        <source>乡镇（街道）</source>
        <translation>Townships</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="17" />
        <source>影响范围</source>
        <translation>Affected area</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="18" />
        <source>调运路线</source>
        <translation>Dispatch routes</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="19" />
        <source>监管对象</source>
        <translation>Regulated entities</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="20" />
        <source>储备库</source>
        <translation>Reserve depots</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="21" />
        <source>事件</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="22" />
        <source>图例</source>
        <translation>Legend</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="23" />
        <source>图层</source>
        <translation>Layers</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="24" />
        <source>显示或收起</source>
        <translation>Show or fold</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="25" />
        <source>事件等级</source>
        <translation>Incident level</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="26" />
        <source>Ⅰ级（特别重大）</source>
        <translation>Level I (extraordinary)</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="27" />
        <source>Ⅱ级（重大）</source>
        <translation>Level II (major)</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="28" />
        <source>Ⅲ级（较大）</source>
        <translation>Level III (large)</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="29" />
        <source>Ⅳ级（一般）</source>
        <translation>Level IV (general)</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="30" />
        <source>未分级</source>
        <translation>Ungraded</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="31" />
        <source>超时未处置（闪烁）</source>
        <translation>Overdue (blinking)</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="32" />
        <source>资源与范围</source>
        <translation>Resources and areas</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="33" />
        <source>储备库（大小=库存量）</source>
        <translation>Reserve depot (size = stock)</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="34" />
        <source>调运路线（预计到达）</source>
        <translation>Dispatch route (ETA)</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="35" />
        <source>食品生产</source>
        <translation>Food production</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="36" />
        <source>食品经营</source>
        <translation>Food trade</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="37" />
        <source>餐饮服务</source>
        <translation>Catering</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="38" />
        <source>药品生产</source>
        <translation>Drug production</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="39" />
        <source>药品经营</source>
        <translation>Drug trade</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="40" />
        <source>药品使用</source>
        <translation>Drug use</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="41" />
        <source>医疗器械</source>
        <translation>Medical devices</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="42" />
        <source>化妆品</source>
        <translation>Cosmetics</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="43" />
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="44" />
        <source>总库存：</source>
        <translation>Total stock: </translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="45" />
        <source>预计</source>
        <translation>ETA</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="46" />
        <source>已超时</source>
        <translation>Overdue</translation>
    </message>
</context>
<context>
    <name>NewIncidentDialog</name>
    <message>
        <location filename="../incidents/dialogs.py" line="193" />
        <source>接报：新建事件</source>
        <translation>Receive: new incident</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="423" />
        <source>（未定位）</source>
        <translation>(no position)</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="261" />
        <source>预案</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="146" />
        <source>电话</source>
        <translation>Phone call</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="147" />
        <source>12345/12315 转办</source>
        <translation>Referred by 12345/12315 hotline</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="148" />
        <source>医院报告</source>
        <translation>Hospital report</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="149" />
        <source>学校报告</source>
        <translation>School report</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="150" />
        <source>疾控机构报告</source>
        <translation>CDC report</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="151" />
        <source>上级交办</source>
        <translation>Assigned by higher authority</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="152" />
        <source>媒体</source>
        <translation>Media</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="153" />
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="207" />
        <source>输入乡镇、村、地址或单位名称查找，如“清丰城关”</source>
        <translation>Type a township, village, address or business name to search</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="209" />
        <location filename="../incidents/dialogs.py" line="411" />
        <source>在地图上选点</source>
        <translation>Pick on map</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="212" />
        <source>本窗口保留；在地图上单击事发地点，即填入坐标和乡镇</source>
        <translation>This window stays; click the location on the map to fill the position and township</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="222" />
        <source>来电人姓名或称呼</source>
        <translation>Caller's name or title</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="230" />
        <source>如 11:50 或 2026-11-22 11:50；留空为接报时间</source>
        <translation>e.g. 11:50 or 2026-11-22 11:50; empty = time received</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="238" />
        <source>如：呕吐、腹痛</source>
        <translation>e.g. vomiting, abdominal pain</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="239" />
        <source>地点 *</source>
        <translation>Place *</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="241" />
        <source>坐标</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="242" />
        <source>报告人</source>
        <translation>Caller</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="243" />
        <source>来电号码</source>
        <translation>Caller's phone</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="245" />
        <source>发生时间</source>
        <translation>Happened at</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="247" />
        <source>报告单位</source>
        <translation>Caller's unit</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="248" />
        <source>接报方式</source>
        <translation>How received</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="249" />
        <source>主要症状</source>
        <translation>Main symptoms</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="250" />
        <source>来电</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="264" />
        <source>预案库中没有可用的预案，不能接报。请管理员在「文件 → 预案库…」中添加预案。</source>
        <translation>The plan library has no plan in use, so no call can be received. An administrator adds plans under File → Plan library….</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="271" />
        <source>事件名称</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="273" />
        <source>事件</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="276" />
        <source>接报时掌握的事实：</source>
        <translation>Facts known at receipt:</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="289" />
        <source>接报</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="290" />
        <source>接报并起草初报(&amp;D)</source>
        <translation>Receive and &amp;draft initial report</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="293" />
        <source>接报，并用来电信息预填初报草稿，核对后报送</source>
        <translation>Receive, and pre-fill the initial report from the call for review and submission</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="416" />
        <source>请在地图上单击…</source>
        <translation>Click on the map…</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="449" />
        <source>留空则用：{title}</source>
        <translation>Empty: “{title}”</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="450" />
        <source>留空则按地点、场所、人数自动拟定</source>
        <translation>Empty: proposed from place, setting and number of people</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="457" />
        <source>请填写地点（初报必填）</source>
        <translation>Enter the place (required for the initial report)</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="461" />
        <source>请填写事件名称（或填写地点和人数，由系统拟定）</source>
        <translation>Enter a title (or the place and number of people to have one proposed)</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="466" />
        <source>发生时间无效：请填写如 11:50 或 2026-11-22 11:50</source>
        <translation>Invalid time of occurrence: enter e.g. 11:50 or 2026-11-22 11:50</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="468" />
        <source>发生时间晚于接报时间：事件须在接报之前发生</source>
        <translation>Time of occurrence is after the time received: it must come first</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="473" />
        <source>来电号码只能包含数字、空格和 + - ( )</source>
        <translation>The caller's phone may contain only digits, spaces and + - ( )</translation>
    </message>
</context>
<context>
    <name>NotifyDialog</name>
    <message>
        <location filename="../contacts/dialog.py" line="42" />
        <source>通知</source>
        <translation>Notify</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="48" />
        <source>其他通知（不针对具体任务或报告）</source>
        <translation>Other notification (not about a particular task or report)</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="51" />
        <source>预案指定的通知对象：{who}</source>
        <translation>Recipient named by the plan: {who}</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="55" />
        <source>查找联系人：名称、单位、职务、职责或号码</source>
        <translation>Find a contact: name, organisation, position, duties or number</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="70" />
        <source>对方的答复或备注（结果为「已回复」时必填）</source>
        <translation>The answer or a note (required when the result is "Replied")</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="76" />
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="77" />
        <source>复制通知内容，粘贴到短信、传真或电话记录中（系统不代发）</source>
        <translation>Copy the message to paste into an SMS, fax or call record (the console does not send it)</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="83" />
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="85" />
        <source>方式</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="86" />
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="87" />
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="88" />
        <source>回复内容</source>
        <translation>Reply</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="92" />
        <source>通知内容</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="94" />
        <source>记录</source>
        <translation>Log</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="95" />
        <source>取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../contacts/dialog.py" line="178" />
        <source>通知内容已复制</source>
        <translation>Message copied</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../admin/accounts.py" line="203" />
        <source>重设密码 — {name}</source>
        <translation>Reset password — {name}</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="203" />
        <source>重设</source>
        <translation>Reset</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="209" />
        <source>至少 {n} 位</source>
        <translation>At least {n} characters</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="210" />
        <source>账号</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="211" />
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="212" />
        <source>再次输入新密码</source>
        <translation>New password again</translation>
    </message>
</context>
<context>
    <name>PlanDiffDialog</name>
    <message>
        <location filename="../library/diff.py" line="32" />
        <source>比较版本：{old} → {new}</source>
        <translation>Compare versions: {old} → {new}</translation>
    </message>
    <message>
        <location filename="../library/diff.py" line="34" />
        <source>旧版：{old}
新版：{new}</source>
        <translation>Old version: {old}
New version: {new}</translation>
    </message>
    <message>
        <location filename="../library/diff.py" line="36" />
        <source>两个版本含义相同：没有变化</source>
        <translation>The two versions mean the same: no changes</translation>
    </message>
    <message>
        <location filename="../library/diff.py" line="37" />
        <source>共 {n} 处变化</source>
        <translation>{n} changes</translation>
    </message>
    <message>
        <location filename="../library/diff.py" line="46" />
        <source>变化</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../library/diff.py" line="46" />
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../library/diff.py" line="46" />
        <source>行号</source>
        <translation>Lines</translation>
    </message>
    <message>
        <location filename="../library/diff.py" line="57" />
        <source>导出文本…</source>
        <translation>Export as text…</translation>
    </message>
    <message>
        <location filename="../library/diff.py" line="84" />
        <source>导出比较结果</source>
        <translation>Export the comparison</translation>
    </message>
    <message>
        <location filename="../library/diff.py" line="84" />
        <source>预案版本比较.txt</source>
        <translation>plan-version-comparison.txt</translation>
    </message>
    <message>
        <location filename="../library/diff.py" line="85" />
        <source>文本文件 (*.txt)</source>
        <translation>Text files (*.txt)</translation>
    </message>
    <message>
        <location filename="../library/diff.py" line="94" />
        <source>无法写出「{file}」：{reason}</source>
        <translation>Cannot write "{file}": {reason}</translation>
    </message>
    <message>
        <location filename="../library/diff.py" line="97" />
        <source>已导出：{file}</source>
        <translation>Exported: {file}</translation>
    </message>
</context>
<context>
    <name>PlanLibraryDialog</name>
    <message>
        <location filename="../library/panel.py" line="360" />
        <source>预案库</source>
        <translation>Plan library</translation>
    </message>
</context>
<context>
    <name>PlanLibraryWidget</name>
    <message>
        <location filename="../library/panel.py" line="58" />
        <source>显示已停用的预案</source>
        <translation>Show retired plans</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="61" />
        <source>添加预案…</source>
        <translation>Add plan…</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="64" />
        <source>停用…</source>
        <translation>Retire…</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="67" />
        <source>恢复…</source>
        <translation>Restore…</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="70" />
        <source>查看原文</source>
        <translation>View text</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="73" />
        <source>比较版本…</source>
        <translation>Compare versions…</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="75" />
        <source>选中两个版本（或一个版本，再选另一个版本或文件），列出两者在分级、时限、责任单位等方面的变化</source>
        <translation>Select two versions (or one, then pick another version or a file) to list what changed between them: grading, deadlines, responsible units and more</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="82" />
        <source>名称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="82" />
        <source>辖区</source>
        <translation>Jurisdiction</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="82" />
        <source>领域</source>
        <translation>Domain</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="82" />
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="82" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="83" />
        <source>加入人</source>
        <translation>Added by</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="83" />
        <source>加入时间</source>
        <translation>Added at</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="83" />
        <source>使用事件</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="83" />
        <source>内容哈希</source>
        <translation>Content hash</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="84" />
        <source>停用原因</source>
        <translation>Reason retired</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="107" />
        <source>只有管理员可以添加、停用或恢复预案</source>
        <translation>Only an administrator can add, retire or restore plans</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="130" />
        <source>来自既有事件</source>
        <translation>From existing incidents</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="139" />
        <source>预案库为空：请管理员用「添加预案…」添加本辖区的预案，接报时才有预案可选。</source>
        <translation>The plan library is empty: an administrator adds this jurisdiction's plans with "Add plan…"; only then can a call be received on a plan.</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="171" />
        <source>添加预案</source>
        <translation>Add plan</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="171" />
        <location filename="../library/panel.py" line="290" />
        <source>预案文件 (*.yaml *.yml)</source>
        <translation>Plan files (*.yaml *.yml)</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="181" />
        <source>「{file}」未加入预案库：{n} 处错误（行:列）</source>
        <translation>"{file}" was not added to the plan library: {n} error(s) (line:column)</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="192" />
        <source>已加入预案库：{title} v{version}（{place}，{domain}）</source>
        <translation>Added to the plan library: {title} v{version} ({place}, {domain})</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="205" />
        <location filename="../library/panel.py" line="227" />
        <location filename="../library/panel.py" line="248" />
        <source>请先选择一个预案</source>
        <translation>Select a plan first</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="209" />
        <source>停用「{title}」v{version}：接报不再提供此版本；已用它的 {n} 起事件仍按此版本处置。请填写停用原因：</source>
        <translation>Retire "{title}" v{version}: new calls will no longer be offered this version; the {n} incident(s) opened on it keep running on it. Reason for retiring:</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="211" />
        <source>停用预案</source>
        <translation>Retire plan</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="221" />
        <source>已停用：{title} v{version}</source>
        <translation>Retired: {title} v{version}</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="230" />
        <source>恢复「{title}」v{version}，接报可再选用。恢复原因（可不填）：</source>
        <translation>Restore "{title}" v{version}: it will be offered for new calls again. Reason (optional):</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="231" />
        <source>恢复预案</source>
        <translation>Restore plan</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="241" />
        <source>已恢复：{title} v{version}</source>
        <translation>Restored: {title} v{version}</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="257" />
        <source>预案原文：{title} v{version}</source>
        <translation>Plan text: {title} v{version}</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="265" />
        <source>内容哈希：{hash}</source>
        <translation>Content hash: {hash}</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="282" />
        <source>从文件选择…</source>
        <translation>Choose a file…</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="283" />
        <location filename="../library/panel.py" line="290" />
        <source>比较版本</source>
        <translation>Compare versions</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="284" />
        <source>「{title}」v{version} 与哪个版本比较：</source>
        <translation>Compare "{title}" v{version} with:</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="299" />
        <source>请先选择一个预案版本（按住 Ctrl 可选两个）</source>
        <translation>Select a plan version first (hold Ctrl to select two)</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="316" />
        <source>「{file}」无法比较：{n} 处错误（行:列）</source>
        <translation>"{file}" cannot be compared: {n} errors (line:column)</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="322" />
        <source>无法读取「{file}」：{reason}</source>
        <translation>Cannot read "{file}": {reason}</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="328" />
        <source>预案库 {hash}</source>
        <translation>Plan library {hash}</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="345" />
        <source>已用旧版的 {n} 起事件仍按旧版处置；新版只用于此后接报的事件。</source>
        <translation>The {n} incidents already on the old version keep running on it; the new version is only used for incidents received from now on.</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="348" />
        <source>两个版本含义相同：没有变化</source>
        <translation>The two versions mean the same: no changes</translation>
    </message>
    <message>
        <location filename="../library/panel.py" line="349" />
        <source>共 {n} 处变化</source>
        <translation>{n} changes</translation>
    </message>
</context>
<context>
    <name>ReferenceDialog</name>
    <message>
        <location filename="../reference/dialog.py" line="43" />
        <source>基础数据</source>
        <translation>Reference data</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="47" />
        <source>辖区：{code}</source>
        <translation>Jurisdiction: {code}</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="48" />
        <source>尚未设置辖区：请先设置辖区，再导入带坐标的基础数据</source>
        <translation>No jurisdiction set: set the jurisdiction before importing reference data with positions</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="51" />
        <source>名录</source>
        <translation>Register</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="51" />
        <source>条数</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="59" />
        <source>导入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="60" />
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="72" />
        <source>导入有问题时，这里逐行列出（第几行、哪一列、什么问题）</source>
        <translation>Problems in an imported file are listed here row by row (row, column, what is wrong)</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="84" />
        <source>乡镇名录</source>
        <translation>Townships</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="84" />
        <source>监管对象名录</source>
        <translation>Regulated entities</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="85" />
        <source>储备库</source>
        <translation>Reserve depot</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="85" />
        <source>最低储备量</source>
        <translation>Minimum stock</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="86" />
        <source>专家库</source>
        <translation>Expert roster</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="86" />
        <source>专业同义词</source>
        <translation>Specialty synonyms</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="92" />
        <location filename="../reference/dialog.py" line="93" />
        <location filename="../reference/dialog.py" line="97" />
        <source>{n} 个</source>
        <translation>{n}</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="94" />
        <source>{n} 个（停用 {off} 个）</source>
        <translation>{n} ({off} deactivated)</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="95" />
        <source>{n} 条</source>
        <translation>{n}</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="96" />
        <source>{n} 名</source>
        <translation>{n}</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="142" />
        <source>未导入任何数据：{name} 有 {n} 处问题</source>
        <translation>Nothing imported: {name} has {n} problems</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="154" />
        <source>导出失败：{reason}</source>
        <translation>Export failed: {reason}</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="156" />
        <source>已导出到 {path}</source>
        <translation>Exported to {path}</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="163" />
        <source>导入{name}</source>
        <translation>Import {name}</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="164" />
        <location filename="../reference/dialog.py" line="173" />
        <source>表格文件 (*.csv *.xlsx)</source>
        <translation>Spreadsheets (*.csv *.xlsx)</translation>
    </message>
    <message>
        <location filename="../reference/dialog.py" line="172" />
        <source>导出{name}</source>
        <translation>Export {name}</translation>
    </message>
</context>
<context>
    <name>ReportChainView</name>
    <message>
        <location filename="../reports/chains.py" line="48" />
        <source>环节（由谁→报谁）</source>
        <translation>Hop (who → to whom)</translation>
    </message>
    <message>
        <location filename="../reports/chains.py" line="48" />
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../reports/chains.py" line="48" />
        <source>时限 / 报送</source>
        <translation>Time limit / reported</translation>
    </message>
    <message>
        <location filename="../reports/chains.py" line="96" />
        <source>报送</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../reports/chains.py" line="97" />
        <source>登记「{route}」已报送（记入事件日志）</source>
        <translation>Record that "{route}" has been reported (written to the incident log)</translation>
    </message>
    <message>
        <location filename="../reports/chains.py" line="118" />
        <source>报送：{route}</source>
        <translation>Report: {route}</translation>
    </message>
    <message>
        <location filename="../reports/chains.py" line="119" />
        <source>文号（电话、短信报告可不填）：</source>
        <translation>Document number (may be left empty for a phone call or SMS):</translation>
    </message>
    <message>
        <location filename="../reports/chains.py" line="136" />
        <source>已拒绝：{reason}</source>
        <translation>Refused: {reason}</translation>
    </message>
    <message>
        <location filename="../reports/chains.py" line="140" />
        <source>已报送：{route}</source>
        <translation>Reported: {route}</translation>
    </message>
</context>
<context>
    <name>ReportsPanel</name>
    <message>
        <location filename="../reports/panel.py" line="68" />
        <source>新建报告草稿</source>
        <translation>New draft report</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="71" />
        <source>报告类型</source>
        <translation>Report type</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="75" />
        <source>报告</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="75" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="75" />
        <source>报送时间</source>
        <translation>Submitted at</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="78" />
        <location filename="../reports/panel.py" line="136" />
        <source>报送期限</source>
        <translation>Reporting deadlines</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="78" />
        <source>截止</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="78" />
        <source>倒计时</source>
        <translation>Time left</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="95" />
        <source>保存草稿</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="96" />
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="97" />
        <location filename="../reports/panel.py" line="417" />
        <source>签发</source>
        <translation>Sign</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="98" />
        <source>退回拟稿</source>
        <translation>Return to draft</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="99" />
        <location filename="../reports/panel.py" line="437" />
        <source>报送</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="100" />
        <source>新建更正版本</source>
        <translation>New corrected version</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="101" />
        <source>导出 DOCX</source>
        <translation>Export DOCX</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="102" />
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="103" />
        <source>审核：核对拟稿内容完整无误（指挥长、副指挥长、值班员）</source>
        <translation>Review: check that the draft is complete and correct (commander, deputy commander, duty officer)</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="104" />
        <source>签发：签发人确认后方可报送（指挥长、副指挥长或预案指定的定级角色）</source>
        <translation>Sign: the report can be submitted once the signatory has signed it (commander, deputy commander or a role the plan lets decide the level)</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="105" />
        <source>退回拟稿：清除审核与签发，可再修改</source>
        <translation>Return to draft: clears the review and signature so the report can be edited again</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="132" />
        <source>报告登记簿</source>
        <translation>Report register</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="138" />
        <source>报告链（逐级报送）</source>
        <translation>Reporting chain (level by level)</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="250" />
        <source>签发人须为指挥长、副指挥长或预案指定的定级角色；当前角色不能签发</source>
        <translation>The signatory must be the commander, a deputy commander or a role the plan lets decide the level; the current role cannot sign</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="258" />
        <source>选择或新建一份报告</source>
        <translation>Select or create a report</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="349" />
        <source>已按事件事实与日志预填草稿</source>
        <translation>Draft prefilled from the incident's facts and log</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="364" />
        <source>草稿已保存</source>
        <translation>Draft saved</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="370" />
        <source>下一步：审核</source>
        <translation>Next step: review</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="370" />
        <source>下一步：签发</source>
        <translation>Next step: sign</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="371" />
        <source>下一步：报送</source>
        <translation>Next step: submit</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="375" />
        <source>确定{title}</source>
        <translation>Confirm: {title}</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="380" />
        <source>（未填主送单位）</source>
        <translation>(no recipient given)</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="381" />
        <source>{kind}（文号 {doc_no}，编号 {id}），主送：{to}</source>
        <translation>{kind} (document No. {doc_no}, report No. {id}), to: {to}</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="409" />
        <source>已审核，待签发</source>
        <translation>Reviewed; waiting to be signed</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="415" />
        <source>签发 {what}。</source>
        <translation>Sign {what}.</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="416" />
        <source>签发人：{who}。签发后内容不再修改，可以报送；此操作记入事件日志。</source>
        <translation>Signatory: {who}. Once signed the content no longer changes and the report can be submitted; this is recorded in the incident log.</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="418" />
        <source>已取消签发</source>
        <translation>Signing cancelled</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="421" />
        <source>已签发，签发人：{who}；可以报送</source>
        <translation>Signed by {who}; ready to submit</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="425" />
        <source>已退回拟稿，审核与签发已清除</source>
        <translation>Returned to draft; review and signature cleared</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="435" />
        <source>报送 {what}。</source>
        <translation>Submit {what}.</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="436" />
        <source>报送后内容冻结、不能修改（更正须另报更正版本），内容摘要记入事件日志。</source>
        <translation>Once submitted the content is frozen and cannot be changed (a correction is submitted as a new version); its digest is recorded in the incident log.</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="438" />
        <source>已取消报送</source>
        <translation>Submission cancelled</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="442" />
        <source>已报送 {kind}（{id}）至 {to}。内容摘要 SHA-256：{sha}</source>
        <translation>Submitted {kind} ({id}) to {to}. Content digest SHA-256: {sha}</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="457" />
        <source>已新建更正版本，修改后报送</source>
        <translation>Corrected version created: edit it, then submit</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="473" />
        <source>已导出 </source>
        <translation>Exported: </translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="479" />
        <source>导出报告</source>
        <translation>Export report</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="220" />
        <source>主送</source>
        <translation>To</translation>
    </message>
</context>
<context>
    <name>ReservesPanel</name>
    <message>
        <location filename="../reserves/panel.py" line="159" />
        <location filename="../reserves/panel.py" line="210" />
        <location filename="../reserves/panel.py" line="239" />
        <source>储备库</source>
        <translation>Reserve depot</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="159" />
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="159" />
        <source>物资种类</source>
        <translation>Item types</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="159" />
        <source>就绪率</source>
        <translation>Readiness</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="161" />
        <source>物资名称</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="161" />
        <source>批号</source>
        <translation>Lot No.</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="161" />
        <location filename="../reserves/panel.py" line="239" />
        <location filename="../reserves/panel.py" line="297" />
        <location filename="../reserves/panel.py" line="309" />
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="165" />
        <source>库存</source>
        <translation>Stock</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="166" />
        <source>储备库与库存：选中储备库查看各批次</source>
        <translation>Depots and stock: select a depot to see its lots</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="182" />
        <source>预警</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="183" />
        <source>库存预警：过期、临期、低于最低储备</source>
        <translation>Stock alerts: expired, expiring, below minimum</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="198" />
        <source>就绪度</source>
        <translation>Readiness</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="199" />
        <source>储备就绪度：各储备库与各类物资</source>
        <translation>Reserve readiness: per depot and per category</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="239" />
        <location filename="../reserves/panel.py" line="309" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="161" />
        <source>有效期至</source>
        <translation>Expires</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="172" />
        <source>临期天数</source>
        <translation>Expiring within (days)</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="187" />
        <source>各储备库就绪率</source>
        <translation>Readiness by depot</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="188" />
        <source>各类物资就绪率</source>
        <translation>Readiness by category</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="160" />
        <location filename="../reserves/panel.py" line="194" />
        <source>就绪率（可用 ÷ 最低储备，封顶 1）</source>
        <translation>Readiness (available ÷ minimum reserve, capped at 1)</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="205" />
        <location filename="../reserves/panel.py" line="230" />
        <location filename="../reserves/panel.py" line="239" />
        <location filename="../reserves/panel.py" line="309" />
        <source>物资</source>
        <translation>Supplies</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="216" />
        <location filename="../reserves/panel.py" line="491" />
        <source>库存数量</source>
        <translation>Stock quantity</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="221" />
        <source>库存变化</source>
        <translation>Stock history</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="316" />
        <source>提交申请（送至当前事件现场）</source>
        <translation>Submit request (deliver to the current incident's site)</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="230" />
        <source>申请编号</source>
        <translation>Request No.</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="230" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="238" />
        <source>调拨方案（数量可修改）</source>
        <translation>Dispatch plan (quantities can be edited)</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="240" />
        <source>到达/分钟</source>
        <translation>ETA (min)</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="243" />
        <source>预计到达现场所需时间（分钟）</source>
        <translation>Estimated minutes to reach the site</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="249" />
        <source>保留各库最低储备</source>
        <translation>Keep each depot's minimum reserve</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="250" />
        <source>只调拨各储备库超出最低储备的部分，避免乡镇储备点被调空</source>
        <translation>Dispatch only what each depot holds above its minimum reserve, so township reserve points are not emptied</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="251" />
        <source>生成调拨方案</source>
        <translation>Propose dispatch plan</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="252" />
        <source>批准并出库</source>
        <translation>Approve and issue</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="253" />
        <source>按所示方案出库：先确认申请、物资、数量和储备库</source>
        <translation>Issue as shown: you confirm the request, items, quantities and depots first</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="254" />
        <source>驳回</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="255" />
        <source>登记送达</source>
        <translation>Record delivery</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="256" />
        <source>已批准出库的物资送到现场后登记：预案的物资调用时限据此判定是否按时</source>
        <translation>Record when approved supplies reach the site: the plan's supply deadline is judged met or missed by it</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="258" />
        <source>驳回原因（必填）</source>
        <translation>Reason for rejection (required)</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="272" />
        <source>申请与调拨</source>
        <translation>Requests</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="273" />
        <source>物资申请与调拨：审批、出库、登记送达</source>
        <translation>Requests and dispatch: approve, issue, record delivery</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="279" />
        <source>申请名称（默认：现场追加物资）</source>
        <translation>Request title (default: additional materials for the site)</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="281" />
        <source>添加物资</source>
        <translation>Add item</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="284" />
        <source>输入物资名称、短编号或类别筛选，如 口罩、FH-、消杀</source>
        <translation>Type an item name, short ID or category to filter, e.g. mask, FH-, disinfection</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="304" />
        <source>加入申请</source>
        <translation>Add to request</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="312" />
        <source>删除所选行</source>
        <translation>Remove selected line</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="321" />
        <source>新建申请</source>
        <translation>New request</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="322" />
        <source>新建物资申请：可含多种物资，送至所选事件现场</source>
        <translation>New supply request: several items, delivered to the selected incident's site</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="578" />
        <source>已生成调拨方案：</source>
        <translation>Dispatch plan proposed: </translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="738" />
        <source>已提交物资申请 {0}：{1}</source>
        <translation>Supply request {0} submitted: {1}</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="367" />
        <source>事件已被他人更新，请刷新后重试</source>
        <translation>Someone else has changed the incident; refresh and try again</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="388" />
        <source>{name}（已停用）</source>
        <translation>{name} (deactivated)</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="389" />
        <source>{n} 种</source>
        <translation>{n} types</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="391" />
        <source>{name}（{id}）
级别：{tier}；储备方式：{source}
保管人：{custodian} {phone}
物资种类：{kinds} 种；可用合计：{total}（各物资按各自单位计）</source>
        <translation>{name} ({id})
Level: {tier}; reserve mode: {source}
Custodian: {custodian} {phone}
Item types: {kinds}; available total: {total} (each item in its own unit)</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="396" />
        <source>
已停用：{reason}</source>
        <translation>
Deactivated: {reason}</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="420" />
        <source>{name}（{id}，{spec}）
批号 {lot}：{qty} {unit}，有效期至 {expiry}</source>
        <translation>{name} ({id}, {spec})
Lot {lot}: {qty} {unit}, expires {expiry}</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="440" />
        <source>过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="440" />
        <source>临期</source>
        <translation>Expiring</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="440" />
        <source>低于最低储备</source>
        <translation>Below minimum reserve</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="477" />
        <source>全部储备库</source>
        <translation>All depots</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="490" />
        <source>库存数量（{unit}）</source>
        <translation>Stock ({unit})</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="516" />
        <source>{id}（{status}）{title}
事件：{incident}；送达：{place}
物资：{items}</source>
        <translation>{id} ({status}) {title}
Incident: {incident}; deliver to: {place}
Items: {items}</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="531" />
        <source>选择上方的一条申请查看详情和调拨方案</source>
        <translation>Select a request above to see its details and dispatch plan</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="554" />
        <source>{depot} → 现场：{item}（{id}）{qty} {unit}
批次：{lots}
预计 {eta} 分钟到达</source>
        <translation>{depot} → site: {item} ({id}) {qty} {unit}
Lots: {lots}
Arrives in about {eta} min</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="566" />
        <source>调拨方案：</source>
        <translation>Dispatch plan: </translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="572" />
        <location filename="../reserves/panel.py" line="620" />
        <location filename="../reserves/panel.py" line="650" />
        <location filename="../reserves/panel.py" line="662" />
        <source>请先选择一条物资申请</source>
        <translation>Select a supply request first</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="591" />
        <source>第 {0} 行的数量「{1}」不是整数</source>
        <translation>Row {0}: the quantity “{1}” is not an integer</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="613" />
        <source>批准物资申请 {id}「{title}」，送至 {place}，并立即从以下储备库出库：
{rows}

出库记入库存台账和事件日志，不能撤销。</source>
        <translation>Approve supply request {id} "{title}" for {place} and issue now from these depots:
{rows}

The issue is recorded in the stock ledger and the incident log and cannot be undone.</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="615" />
        <source>现场</source>
        <translation>site</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="631" />
        <source>方案中没有可调拨的物资：请驳回并说明原因，或从上级调拨后再批准</source>
        <translation>The plan has nothing to issue: reject with a reason, or approve after stock arrives from a higher level</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="634" />
        <source>确认：批准并出库</source>
        <translation>Confirm: approve and issue</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="635" />
        <source>已取消，未出库</source>
        <translation>Cancelled; nothing was issued</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="645" />
        <source>已批准 {0}，已登记出库 {1} 行</source>
        <translation>{0} approved; {1} line(s) issued from stock</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="656" />
        <source>已驳回 {0}</source>
        <translation>{0} rejected</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="667" />
        <source>已登记 {0} 的物资送达</source>
        <translation>Delivery of {0} recorded</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="702" />
        <source>没有找到匹配的物资：请换个名称、短编号或类别再试</source>
        <translation>No matching item: try another name, short ID or category</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="724" />
        <source>请先在事件列表中选择事件：申请的物资送至该事件现场</source>
        <translation>Select an incident in the incident list first: the supplies go to its site</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="727" />
        <source>申请中没有物资：请搜索物资、填写数量后点「加入申请」</source>
        <translation>The request has no items: search for an item, enter the quantity and click "Add to request"</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="731" />
        <source>现场追加物资</source>
        <translation>Additional supplies for the site</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <location filename="../review/window.py" line="50" />
        <source>【演练】</source>
        <translation>[DRILL] </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="51" />
        <source>复盘 — </source>
        <translation>After-action review — </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="65" />
        <location filename="../review/window.py" line="216" />
        <source>播放</source>
        <translation>Play</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="70" />
        <source>导出 DOCX</source>
        <translation>Export DOCX</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="71" />
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="79" />
        <source>态势</source>
        <translation>Situation</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="88" />
        <source>未完成任务</source>
        <translation>Open tasks</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="92" />
        <source>报告与超时</source>
        <translation>Reports and overruns</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="96" />
        <source>已发出的注入</source>
        <translation>Released injects</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="96" />
        <source>记录</source>
        <translation>Log</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="112" />
        <source>关键指标（对照预案时限）</source>
        <translation>Key measures (against the plan's time limits)</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="115" />
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="115" />
        <source>时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="115" />
        <source>实际用时</source>
        <translation>Time taken</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="115" />
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="164" />
        <source>状态：</source>
        <translation>State: </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="165" />
        <source>级别：</source>
        <translation>Level: </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="167" />
        <source>储备库存：</source>
        <translation>Reserve stock: </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="167" />
        <source>个品种，合计 </source>
        <translation>items, total </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="170" />
        <source>储备库存：无台账</source>
        <translation>Reserve stock: no ledger</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="176" />
        <source>（已超时）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="179" />
        <source>已报 </source>
        <translation>Reported: </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="181" />
        <source>超时 </source>
        <translation>Overdue: </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="221" />
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="237" />
        <source>立即</source>
        <translation>Immediately</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="249" />
        <source>已导出：</source>
        <translation>Exported: </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="253" />
        <source>导出总结报告</source>
        <translation>Export the summary report</translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <location filename="../admin/accounts.py" line="188" />
        <source>修改角色 — {name}</source>
        <translation>Change role — {name}</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="188" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="193" />
        <source>账号</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="194" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="195" />
        <source>另任</source>
        <translation>Also serves as</translation>
    </message>
    <message>
        <location filename="../admin/accounts.py" line="196" />
        <source>工作组</source>
        <translation>Unit</translation>
    </message>
</context>
<context>
    <name>RoomPanel</name>
    <message>
        <location filename="../room/panel.py" line="110" />
        <location filename="../room/panel.py" line="169" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="110" />
        <location filename="../room/panel.py" line="121" />
        <location filename="../room/panel.py" line="169" />
        <location filename="../room/panel.py" line="173" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="110" />
        <location filename="../room/panel.py" line="122" />
        <source>事件</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="110" />
        <location filename="../room/panel.py" line="208" />
        <source>告警</source>
        <translation>Alarms</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="110" />
        <source>确认</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="111" />
        <source>确认告警</source>
        <translation>Acknowledge alarm</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="118" />
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="118" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="118" />
        <source>查看事件</source>
        <translation>Viewing</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="118" />
        <source>正在编辑</source>
        <translation>Editing</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="119" />
        <source>席位</source>
        <translation>Seat</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="119" />
        <location filename="../room/panel.py" line="173" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="121" />
        <location filename="../room/panel.py" line="169" />
        <location filename="../room/panel.py" line="172" />
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="121" />
        <source>下达人</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="121" />
        <location filename="../room/panel.py" line="151" />
        <source>对象</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="122" />
        <location filename="../room/panel.py" line="169" />
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="122" />
        <source>签收情况</source>
        <translation>Acknowledgement</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="122" />
        <location filename="../room/panel.py" line="127" />
        <source>反馈</source>
        <translation>Feedback</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="123" />
        <source>签收</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="126" />
        <source>反馈落实情况…</source>
        <translation>Report back on progress…</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="134" />
        <location filename="../room/panel.py" line="219" />
        <location filename="../room/panel.py" line="391" />
        <location filename="../room/panel.py" line="398" />
        <source>指令</source>
        <translation>Instructions</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="135" />
        <source>批示</source>
        <translation>Directive</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="138" />
        <source>关联当前事件</source>
        <translation>About the selected incident</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="141" />
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="143" />
        <source>超过此时限未签收即告警</source>
        <translation>Alarm when not acknowledged within this time</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="146" />
        <source>批示或指令内容</source>
        <translation>Text of the directive or instruction</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="147" />
        <source>下达</source>
        <translation>Send</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="154" />
        <source>签收时限</source>
        <translation>Acknowledge within</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="169" />
        <source>来自</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="170" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="172" />
        <source>分派对象</source>
        <translation>Assigned item</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="172" />
        <location filename="../room/panel.py" line="192" />
        <source>承办人</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="172" />
        <source>分派人</source>
        <translation>Assigned by</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="173" />
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="182" />
        <source>说明（可选）</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="183" />
        <location filename="../room/panel.py" line="396" />
        <source>分派</source>
        <translation>Assign</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="202" />
        <source>我的待办</source>
        <translation>My queue</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="205" />
        <source>当前事件的分派</source>
        <translation>Assignments of the selected incident</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="218" />
        <location filename="../room/panel.py" line="326" />
        <source>在席</source>
        <translation>Present</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="220" />
        <location filename="../room/panel.py" line="405" />
        <source>待办与分派</source>
        <translation>Queue and assignments</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="235" />
        <source>无法登记席位：{reason}</source>
        <translation>Cannot register this seat: {reason}</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="326" />
        <source>本席</source>
        <translation>This seat</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="339" />
        <source>起草中：</source>
        <translation>Drafts in progress:</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="351" />
        <location filename="../room/panel.py" line="382" />
        <source>全中心</source>
        <translation>Centre-wide</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="352" />
        <source>{who} {at} 已确认</source>
        <translation>Acknowledged by {who} at {at}</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="353" />
        <source>未确认</source>
        <translation>Not acknowledged</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="362" />
        <source>告警 {n} 条未确认：{first}</source>
        <translation>{n} alarm(s) not acknowledged: {first}</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="391" />
        <source>指令（{n} 待签收）</source>
        <translation>Instructions ({n} to acknowledge)</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="401" />
        <source>办理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="401" />
        <location filename="../room/panel.py" line="557" />
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="401" />
        <source>已改派</source>
        <translation>Reassigned</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="405" />
        <source>待办与分派（{n}）</source>
        <translation>Queue and assignments ({n})</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="432" />
        <source>全体</source>
        <translation>Everyone</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="434" />
        <source>单位：{unit}</source>
        <translation>Unit: {unit}</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="508" />
        <source>已下达</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="517" />
        <source>请先在列表中选择一条指令</source>
        <translation>Select an instruction in the list first</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="525" />
        <source>已签收</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="530" />
        <source>已反馈</source>
        <translation>Feedback sent</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="538" />
        <source>没有需要确认的告警</source>
        <translation>No alarm to acknowledge</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="540" />
        <source>已确认告警</source>
        <translation>Alarm acknowledged</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="544" />
        <source>请先选择事件</source>
        <translation>Select an incident first</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="550" />
        <source>已分派</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="555" />
        <source>请先在「我的待办」中选择一项分派</source>
        <translation>Select an assignment in "My queue" first</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="176" />
        <location filename="../room/panel.py" line="351" />
        <location filename="../room/panel.py" line="380" />
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="176" />
        <location filename="../room/panel.py" line="351" />
        <location filename="../room/panel.py" line="380" />
        <source>待签收</source>
        <translation>Awaiting acknowledgement</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="176" />
        <location filename="../room/panel.py" line="351" />
        <location filename="../room/panel.py" line="380" />
        <source>报告</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="176" />
        <location filename="../room/panel.py" line="351" />
        <location filename="../room/panel.py" line="380" />
        <source>整改逾期</source>
        <translation>Corrective action overdue</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="176" />
        <location filename="../room/panel.py" line="351" />
        <location filename="../room/panel.py" line="380" />
        <source>新接报</source>
        <translation>New incident received</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="176" />
        <location filename="../room/panel.py" line="351" />
        <location filename="../room/panel.py" line="380" />
        <source>期限逾期</source>
        <translation>Deadline overdue</translation>
    </message>
    <message>
        <location filename="../room/panel.py" line="176" />
        <location filename="../room/panel.py" line="351" />
        <location filename="../room/panel.py" line="380" />
        <source>超时未签收</source>
        <translation>Not acknowledged in time</translation>
    </message>
</context>
<context>
    <name>ScenarioPicker</name>
    <message>
        <location filename="../drills/picker.py" line="97" />
        <source>开始演练 — 选择演练脚本</source>
        <translation>Start a drill — choose a scenario</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="102" />
        <source>演练脚本（{0}）</source>
        <translation>Drill scenarios ({0})</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="106" />
        <source>演练名称</source>
        <translation>Drill</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="106" />
        <source>形式</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="106" />
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="106" />
        <source>目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="107" />
        <source>预案</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="107" />
        <source>注入</source>
        <translation>Inject</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="107" />
        <source>计划时长</source>
        <translation>Planned duration</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="128" />
        <source>其他文件…</source>
        <translation>Other file…</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="129" />
        <source>打开保存在其他位置的演练脚本（.yaml）</source>
        <translation>Open a drill scenario kept elsewhere (.yaml)</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="132" />
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="135" />
        <source>取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="154" />
        <source>{0} — 未通过检查</source>
        <translation>{0} — failed its check</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="158" />
        <source>约 {0}</source>
        <translation>about {0}</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="193" />
        <source>请选择一个演练脚本。</source>
        <translation>Choose a drill scenario.</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="197" />
        <source>该演练脚本未通过检查，不能开始演练：

{0}

文件：{1}</source>
        <translation>This scenario failed its check and cannot be started:

{0}

File: {1}</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="203" />
        <source>形式：{0}　内容：{1}　目的：{2}</source>
        <translation>Form: {0}   Scope: {1}   Purpose: {2}</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="204" />
        <source>预案：{0}</source>
        <translation>Plan: {0}</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="205" />
        <source>注入：{0} 条　计划时长：{1}</source>
        <translation>Injects: {0}   Planned duration: {1}</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="206" />
        <source>约 {0}（最后一条定时注入）</source>
        <translation>about {0} (the last timed inject)</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="208" />
        <source>地点：{0}</source>
        <translation>Location: {0}</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="211" />
        <source>演练目标：</source>
        <translation>Objectives:</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="213" />
        <source>文件：{0}</source>
        <translation>File: {0}</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="225" />
        <source>选择演练脚本</source>
        <translation>Choose a drill scenario</translation>
    </message>
    <message>
        <location filename="../drills/picker.py" line="226" />
        <source>演练脚本 (*.yaml)</source>
        <translation>Drill scenarios (*.yaml)</translation>
    </message>
</context>
<context>
    <name>ScheduleBox</name>
    <message>
        <location filename="../admin/schedule.py" line="106" />
        <source>定时备份</source>
        <translation>Scheduled backup</translation>
    </message>
    <message>
        <location filename="../admin/schedule.py" line="110" />
        <source>关闭</source>
        <translation>Off</translation>
    </message>
    <message>
        <location filename="../admin/schedule.py" line="111" />
        <source>每天定时</source>
        <translation>Daily at a set time</translation>
    </message>
    <message>
        <location filename="../admin/schedule.py" line="112" />
        <source>每隔若干小时</source>
        <translation>Every N hours</translation>
    </message>
    <message>
        <location filename="../admin/schedule.py" line="120" />
        <source> 小时</source>
        <translation> h</translation>
    </message>
    <message>
        <location filename="../admin/schedule.py" line="123" />
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../admin/schedule.py" line="135" />
        <source>方式</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location filename="../admin/schedule.py" line="136" />
        <source>每天时间</source>
        <translation>Time of day</translation>
    </message>
    <message>
        <location filename="../admin/schedule.py" line="137" />
        <source>间隔</source>
        <translation>Interval</translation>
    </message>
    <message>
        <location filename="../admin/schedule.py" line="138" />
        <location filename="../admin/schedule.py" line="152" />
        <source>备份目录</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location filename="../admin/schedule.py" line="139" />
        <source>保留份数</source>
        <translation>Copies to keep</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../incidents/dialogs.py" line="535" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="553" />
        <source>留空：本机内置数据库；多席位共用：postgresql://用户@服务器/库名</source>
        <translation>Empty: the built-in database of this computer; shared by several consoles: postgresql://user@server/dbname</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="555" />
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="556" />
        <source>内部瓦片服务 URL</source>
        <translation>Internal tile server URL</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="558" />
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="560" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="561" />
        <source>数据库</source>
        <translation>Database</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="569" />
        <source>界面语言、瓦片服务和数据库在重新启动指挥台后生效；留空瓦片 URL 则只显示行政区划底图（完全离线）。</source>
        <translation>Language, tile server and database apply at the next start. Without a tile URL the basemap is the administrative boundaries only (fully offline).</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="590" />
        <source>数据库应为 SQLite 文件（*.sqlite3）或 postgresql://… 地址</source>
        <translation>The database must be a SQLite file (*.sqlite3) or a postgresql://… address</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="584" />
        <source>瓦片 URL 必须以 http:// 或 https:// 开头，并包含 {z}、{x}、{y}</source>
        <translation>The tile URL must start with http:// or https:// and contain {z}, {x} and {y}</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="586" />
        <source>请填写用户名</source>
        <translation>Give a user name</translation>
    </message>
</context>
<context>
    <name>SetupStart</name>
    <message>
        <location filename="../setup/start.py" line="80" />
        <source>尚未设置辖区</source>
        <translation>Jurisdiction not set</translation>
    </message>
    <message>
        <location filename="../setup/start.py" line="82" />
        <source>这个数据库还没有设置辖区：请系统管理员登录后设置（或运行 python -m console site set-jurisdiction 代码）。本次地图显示全国范围。</source>
        <translation>This database has no jurisdiction yet: an administrator must log in and set it (or run python -m console site set-jurisdiction CODE). The map shows the whole country for now.</translation>
    </message>
    <message>
        <location filename="../setup/start.py" line="87" />
        <source>这个数据库已有数据，但还没有设置辖区（行政区划）。请选择本中心的辖区：地图、坐标核对和预案排序都以它为准。</source>
        <translation>This database has data but no jurisdiction (administrative division) yet. Choose the centre's jurisdiction: the map, the coordinate checks and the order of plans follow it.</translation>
    </message>
</context>
<context>
    <name>SetupTitle</name>
    <message>
        <location filename="../setup/title.py" line="15" />
        <source>辖区未设置</source>
        <translation>jurisdiction not set</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../setup/wizard.py" line="88" />
        <source>首次运行向导 — 食品药品安全应急指挥台</source>
        <translation>First-run assistant — Food &amp; Drug Safety Emergency Command Console</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="91" />
        <source>下一步 &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="92" />
        <source>&lt; 上一步</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="93" />
        <source>取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="94" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="95" />
        <source>创建并继续</source>
        <translation>Create and continue</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="130" />
        <source>该数据库已有账号或事件，不是新数据库：要使用它，请取消向导，用 --db 打开（或在「设置」中选择），登录后由系统管理员设置辖区。首次设置请选择一个空数据库。</source>
        <translation>This database already has accounts or events; it is not new. To use it, cancel the assistant and open it with --db (or choose it in Settings); an administrator then logs in and sets the jurisdiction. For a first setup choose an empty database.</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="136" />
        <source>该数据库已有账号或事件，不是新数据库：请选择一个空数据库。</source>
        <translation>This database already has accounts or events; it is not new. Choose an empty database.</translation>
    </message>
</context>
<context>
    <name>StepRow</name>
    <message>
        <location filename="../setup/wizard.py" line="481" />
        <source>文件路径（可不导入，直接下一步）</source>
        <translation>File path (optional: you may go on without importing)</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="482" />
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="487" />
        <source>使用示例</source>
        <translation>Use sample</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="491" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="512" />
        <source>请先选择文件</source>
        <translation>Choose a file first</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="519" />
        <source>未导入：{reason}</source>
        <translation>Not imported: {reason}</translation>
    </message>
    <message>
        <location filename="../setup/wizard.py" line="522" />
        <source>未导入：无法读取文件（{reason}）</source>
        <translation>Not imported: cannot read the file ({reason})</translation>
    </message>
</context>
<context>
    <name>TaskTree</name>
    <message>
        <location filename="../incidents/panels.py" line="378" />
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="378" />
        <source>时限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="378" />
        <source>签收情况</source>
        <translation>Acknowledgement</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="398" />
        <source>未完成 {n}/{m}</source>
        <translation>{n}/{m} open</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="412" />
        <source>已签收 {t}</source>
        <translation>Ack. {t}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="413" />
        <source>已签收 {t} {who}</source>
        <translation>Acknowledged {t} by {who}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="421" />
        <source>不再需要：{title}</source>
        <translation>No longer needed: {title}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="422" />
        <source>不再需要</source>
        <translation>No longer needed</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="423" />
        <source>{title}
不再需要（{reason}）</source>
        <translation>{title}
No longer needed ({reason})</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="425" />
        <source>不再需要（{reason}）</source>
        <translation>No longer needed ({reason})</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="430" />
        <source>已完成 {t}</source>
        <translation>Done {t}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="433" />
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="435" />
        <source>撤销完成：误记完成时使用，须写明理由</source>
        <translation>Withdraw the completion: for a task marked done by mistake; a reason is required</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="444" />
        <source>签收</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="446" />
        <source>记录责任单位或责任人已签收此任务</source>
        <translation>Record that the responsible unit or person has acknowledged this task</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="450" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="467" />
        <source>时限 {t}</source>
        <translation>Due {t}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="472" />
        <source>超时未签收</source>
        <translation>Not acknowledged in time</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="472" />
        <source>未签收</source>
        <translation>Not acknowledged</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="473" />
        <source>超过{n}分钟未签收</source>
        <translation>Not acknowledged within {n} min</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="474" />
        <source>应在{n}分钟内签收</source>
        <translation>To be acknowledged within {n} min</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <location filename="../timeline/panel.py" line="288" />
        <source>按责任单位筛选</source>
        <translation>Filter by responsible unit</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="291" />
        <source>按操作人筛选</source>
        <translation>Filter by operator</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="296" />
        <location filename="../timeline/panel.py" line="611" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="296" />
        <location filename="../timeline/panel.py" line="607" />
        <source>操作人</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="303" />
        <source>全部</source>
        <translation>Show all</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="305" />
        <location filename="../timeline/panel.py" line="328" />
        <source>现在</source>
        <translation>Now</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="311" />
        <source>色块为期限窗口（起算→截止）；粗线为完成（绿）或逾期（红）的时刻</source>
        <translation>Bars are deadline windows (start → due); a thick line marks completion (green) or overrun (red)</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="331" />
        <source>演练 DRILL</source>
        <translation>DRILL</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="338" />
        <source>点击时间线上的事项查看详情（发生时间与记录时间）</source>
        <translation>Click an item on the timeline for its details (when it happened and when it was recorded)</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="405" />
        <source>正在载入 {n} 条记录的详情……</source>
        <translation>Loading the details of {n} records…</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="416" />
        <source>时间线载入失败：{e}</source>
        <translation>The timeline failed to load: {e}</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="459" />
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="461" />
        <source>全部人员</source>
        <translation>Everyone</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="605" />
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="605" />
        <location filename="../timeline/panel.py" line="613" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="606" />
        <source>发生时间</source>
        <translation>Happened at</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="606" />
        <source>记录时间</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="608" />
        <source>（未认证：写入时数据库尚无账号）</source>
        <translation> (unauthenticated: written before the database had accounts)</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="609" />
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="613" />
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="614" />
        <source>起算</source>
        <translation>Starts</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="614" />
        <source>截止</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="615" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="616" />
        <source>关闭时间</source>
        <translation>Closed at</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="282" />
        <location filename="../timeline/panel.py" line="308" />
        <location filename="../timeline/panel.py" line="527" />
        <source>专家会商</source>
        <translation>Expert consultation</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="282" />
        <location filename="../timeline/panel.py" line="308" />
        <location filename="../timeline/panel.py" line="527" />
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="282" />
        <location filename="../timeline/panel.py" line="308" />
        <location filename="../timeline/panel.py" line="527" />
        <source>信息报送</source>
        <translation>Reporting</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="282" />
        <location filename="../timeline/panel.py" line="308" />
        <location filename="../timeline/panel.py" line="527" />
        <source>取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="282" />
        <location filename="../timeline/panel.py" line="308" />
        <location filename="../timeline/panel.py" line="527" />
        <source>应急值守</source>
        <translation>Duty watch</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="282" />
        <location filename="../timeline/panel.py" line="308" />
        <location filename="../timeline/panel.py" line="527" />
        <source>应急物资</source>
        <translation>Emergency supplies</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="282" />
        <location filename="../timeline/panel.py" line="308" />
        <location filename="../timeline/panel.py" line="527" />
        <source>按时</source>
        <translation>On time</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="282" />
        <location filename="../timeline/panel.py" line="308" />
        <location filename="../timeline/panel.py" line="527" />
        <source>演练注入</source>
        <translation>Drill injects</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="282" />
        <location filename="../timeline/panel.py" line="308" />
        <location filename="../timeline/panel.py" line="527" />
        <source>状态与级别</source>
        <translation>State and level</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="282" />
        <location filename="../timeline/panel.py" line="308" />
        <location filename="../timeline/panel.py" line="527" />
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="282" />
        <location filename="../timeline/panel.py" line="308" />
        <location filename="../timeline/panel.py" line="527" />
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
</context>
<context>
    <name>WallMenu</name>
    <message>
        <location filename="../wall/start.py" line="72" />
        <source>指挥大屏</source>
        <translation>Wall display</translation>
    </message>
    <message>
        <location filename="../wall/start.py" line="75" />
        <source>在第二块屏幕上全屏显示指挥大屏（只读）</source>
        <translation>Show the wall display full screen on a second screen (read-only)</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <location filename="../wall/window.py" line="197" />
        <source>指挥大屏</source>
        <translation>Wall display</translation>
    </message>
    <message>
        <location filename="../wall/window.py" line="252" />
        <source>食品药品安全应急指挥大屏</source>
        <translation>Food &amp; Drug Safety Emergency Command — Wall Display</translation>
    </message>
    <message>
        <location filename="../wall/window.py" line="421" />
        <source>当前无进行中的事件</source>
        <translation>No incident in progress</translation>
    </message>
    <message>
        <location filename="../wall/window.py" line="433" />
        <source>{place}　{when} 接报　未完成任务 {n} 项</source>
        <translation>{place}   received {when}   {n} open tasks</translation>
    </message>
    <message>
        <location filename="../wall/window.py" line="436" />
        <source>下一时限：{title}</source>
        <translation>Next deadline: {title}</translation>
    </message>
    <message>
        <location filename="../wall/window.py" line="438" />
        <source>暂无时限</source>
        <translation>No deadline</translation>
    </message>
    <message>
        <location filename="../wall/window.py" line="439" />
        <source>已逾期时限 {n} 项</source>
        <translation>{n} deadlines overdue</translation>
    </message>
    <message>
        <location filename="../wall/window.py" line="466" />
        <source>已逾期 {t}</source>
        <translation>Overdue {t}</translation>
    </message>
    <message>
        <location filename="../wall/window.py" line="472" />
        <source>逾期 {t}</source>
        <translation>Overdue {t}</translation>
    </message>
    <message>
        <location filename="../wall/window.py" line="480" />
        <source>轮播已暂停</source>
        <translation>Rotation paused</translation>
    </message>
    <message>
        <location filename="../wall/window.py" line="482" />
        <source>每 {s} 秒轮播</source>
        <translation>Next incident every {s} s</translation>
    </message>
    <message>
        <location filename="../wall/window.py" line="484" />
        <source>数据库无响应，显示 {t} 前的数据</source>
        <translation>Database not answering: showing the data as of {t}</translation>
    </message>
</context>
<context>
    <name>Watermark</name>
    <message>
        <location filename="../drills/watermark.py" line="17" />
        <source>演练</source>
        <translation>DRILL</translation>
    </message>
</context>
<context>
    <name>_ActionDialog</name>
    <message>
        <location filename="../admin/accounts.py" line="73" />
        <source>取消</source>
        <translation>Cancelled</translation>
    </message>
</context>
<context>
    <name>_UnitCombo</name>
    <message>
        <location filename="../admin/accounts.py" line="139" />
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../drills/session.py" line="72" />
        <source>演练消息</source>
        <translation>Drill messages</translation>
    </message>
    <message>
        <location filename="../drills/session.py" line="76" />
        <source>演练消息（{0} 条未读）</source>
        <translation>Drill messages ({0} unread)</translation>
    </message>
    <message>
        <location filename="../drills/session.py" line="79" />
        <source>收到演练消息：{title}（{sender}，{channel}）</source>
        <translation>Drill message received: {title} ({sender}, {channel})</translation>
    </message>
</context>
</TS>